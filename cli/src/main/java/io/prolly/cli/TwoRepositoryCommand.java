package io.prolly.cli;

import io.prolly.Repository;

/** A command between two repositories given as arguments, both released when it ends. */
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

  abstract int run(Repository from, Repository to) throws Exception;
}
