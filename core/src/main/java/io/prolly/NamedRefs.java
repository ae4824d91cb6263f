package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.commit.RevisionResolver;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Branches and tags by name, as {@link Repository} creates, deletes, resets and lists them. Each
 * change is a compare-and-set of one ref in one transaction, retried while other writers win the
 * race. Thread-safe.
 */
final class NamedRefs {

  private final Repository repository;

  NamedRefs(Repository repository) {
    this.repository = repository;
  }

  /**
   * Points a new ref at a revision.
   *
   * @param what the ref as people read it, such as {@code branch 'main'}
   * @throws IllegalArgumentException if the ref exists
   * @throws RevisionNotFoundException if the revision names no commit
   */
  Hash create(String ref, String what, String revision) {
    return CasRetry.run("creation of " + what, attempt -> {
      try (WriteTransaction tx = repository.beginWrite()) {
        Hash existing = tx.ref(ref);
        if (existing != null) {
          throw new IllegalArgumentException(what + " already exists (at " + existing.toShortHex()
              + "); delete it first or choose another name");
        }
        Hash target = new RevisionResolver(tx).resolve(revision);
        tx.setRef(ref, null, target);
        tx.commit();
        return target;
      }
    });
  }

  /**
   * Deletes a ref.
   *
   * @param kind {@code branch} or {@code tag}, for the messages
   * @return what it pointed to
   * @throws RevisionNotFoundException if there is no such ref
   */
  Hash delete(String ref, String kind, String name) {
    return CasRetry.run("deletion of " + kind + " '" + name + "'", attempt -> {
      try (WriteTransaction tx = repository.beginWrite()) {
        Hash old = require(tx, ref, kind, name);
        tx.setRef(ref, old, null);
        tx.commit();
        return old;
      }
    });
  }

  /**
   * Points an existing branch at a revision.
   *
   * @return what it pointed to before
   * @throws RevisionNotFoundException if the branch or the revision does not exist
   */
  Hash reset(String branch, String revision) {
    String ref = RefNames.branchRef(branch);
    return CasRetry.run("reset of branch '" + branch + "'", attempt -> {
      try (WriteTransaction tx = repository.beginWrite()) {
        Hash target = new RevisionResolver(tx).resolve(revision);
        Hash old = require(tx, ref, "branch", branch);
        tx.setRef(ref, old, target);
        tx.commit();
        return old;
      }
    });
  }

  /** The refs under a prefix ({@link RefNames#BRANCHES}, {@link RefNames#TAGS}) by name without it, unmodifiable. */
  static SortedMap<String, Hash> list(ReadTransaction tx, String prefix) {
    SortedMap<String, Hash> named = new TreeMap<>();
    tx.refs(prefix).forEach((ref, id) -> named.put(ref.substring(prefix.length()), id));
    return Collections.unmodifiableSortedMap(named);
  }

  /**
   * Reads the head of a branch that a first commit may create: null if the repository has no
   * branch at all.
   *
   * @param advice the sentence that ends the message, saying how to go on
   * @throws RevisionNotFoundException if the branch does not exist and other branches do; the
   *     message lists them
   */
  static @Nullable Hash headOrFirst(ReadTransaction tx, String ref, String branch, String advice) {
    Hash head = tx.ref(ref);
    if (head == null && !tx.refs(RefNames.BRANCHES).isEmpty()) {
      throw new RevisionNotFoundException(branch, "there is no branch '" + branch + "'; the branches are "
          + list(tx, RefNames.BRANCHES).keySet() + ". " + advice);
    }
    return head;
  }

  /**
   * Reads a ref that must exist.
   *
   * @param kind {@code branch} or {@code tag}, for the message
   * @throws RevisionNotFoundException if there is no such ref
   */
  static Hash require(ReadTransaction tx, String ref, String kind, String name) {
    Hash value = tx.ref(ref);
    if (value == null) {
      throw new RevisionNotFoundException(name, "there is no " + kind + " '" + name + "'");
    }
    return value;
  }
}
