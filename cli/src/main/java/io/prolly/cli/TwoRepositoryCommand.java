package io.prolly.cli;

import io.prolly.Repository;
import java.util.function.ToIntFunction;

/**
 * A command between two repositories given as arguments, both released when it ends; or from a
 * remote one to a local one ({@link #into}).
 */
abstract class TwoRepositoryCommand extends CliCommand {

  /**
   * Opens both repositories, runs, and releases them.
   *
   * @param source where from; must exist
   * @param target where to; created when missing if {@code createTarget}
   * @param createTarget whether a missing target may be created
   * @return the exit code
   */
  final int between(String source, String target, boolean createTarget) throws Exception {
    Repositories repositories = root().repositories();
    Repository from = repositories.open(source, false);
    try {
      Repository to = repositories.open(target, createTarget);
      try {
        return run(from, to);
      } finally {
        repositories.release(to);
      }
    } finally {
      repositories.release(from);
    }
  }

  /**
   * Opens the receiving repository of a transfer from a remote one, runs, and releases it.
   *
   * @param target where to; created when missing if {@code createTarget}
   * @param createTarget whether a missing target may be created
   * @param transfer what runs on the target, returning the exit code
   * @return the exit code
   */
  final int into(String target, boolean createTarget, ToIntFunction<Repository> transfer) {
    Repositories repositories = root().repositories();
    Repository to = repositories.open(target, createTarget);
    try {
      return transfer.applyAsInt(to);
    } finally {
      repositories.release(to);
    }
  }

  abstract int run(Repository from, Repository to) throws Exception;
}
