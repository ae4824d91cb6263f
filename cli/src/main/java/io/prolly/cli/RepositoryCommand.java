package io.prolly.cli;

import io.prolly.Repository;
import org.jspecify.annotations.Nullable;

/** A command over the repository of {@code --repo}: opened before {@link #run}, released after. */
abstract class RepositoryCommand extends CliCommand {

  @Override
  public final Integer call() throws Exception {
    ProllyCommand root = root();
    Repository repository = root.openRepository(createsRepository());
    try {
      return run(repository);
    } finally {
      root.releaseRepository(repository);
    }
  }

  /**
   * Runs the command.
   *
   * @param repository the open repository
   * @return the exit code
   * @throws Exception on failure, mapped to an exit code by {@link FailureHandler}
   */
  abstract int run(Repository repository) throws Exception;

  /** The revision given, or the checked-out branch when none was. */
  static String revisionOr(@Nullable String revision, Repository repository) {
    return revision != null ? revision : Head.branch(repository);
  }

  /** Whether a missing repository is created rather than refused; only {@code init} and writes. */
  boolean createsRepository() {
    return false;
  }
}
