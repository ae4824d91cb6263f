package io.prolly.cli;

import io.prolly.CommitResult;
import io.prolly.Codecs;
import io.prolly.Repository;
import io.prolly.Store;
import org.jspecify.annotations.Nullable;

/**
 * The write model of the command line: every {@code put}, {@code rm} and {@code commit} stages
 * its edits in a fresh working copy of a branch and commits them at once, as one commit. There
 * is no staging area between processes; a batch of edits is one {@code commit} or
 * {@code put --from-file} invocation. If the branch moved meanwhile, the commit merges as
 * {@link Store#commit} does.
 */
final class BranchWrite {

  private final String branch;
  private final Store<String> store;
  private int sets;
  private int removals;

  BranchWrite(Repository repository, @Nullable String branch) {
    this.branch = branch != null ? branch : Head.branch(repository);
    this.store = repository.store(this.branch, Codecs.utf8());
  }

  void set(@Nullable String namespace, String key, String value) {
    Namespaces.view(store, namespace).set(key, value);
    sets++;
  }

  /** Stages a removal; false if the key does not exist. */
  boolean remove(@Nullable String namespace, String key) {
    boolean existed = Namespaces.view(store, namespace).remove(key);
    if (existed) {
      removals++;
    }
    return existed;
  }

  /**
   * Commits what was staged.
   *
   * @param message the commit message
   * @return the line to print about it: {@code [branch id] message (n set, m removed)}
   * @throws UserException if nothing is staged
   */
  String commit(String message) {
    if (!store.hasChanges()) {
      throw new UserException(ExitCodes.USAGE, "nothing to commit on branch '" + branch
          + "': give keys to set or remove (see prolly commit --help)");
    }
    CommitResult result = store.commit(message);
    return String.format("[%s %s] %s (%,d set, %,d removed%s)", branch, result.id().toShortHex(), message, sets,
        removals, result.merged() ? ", merged with commits made meanwhile" : "");
  }
}
