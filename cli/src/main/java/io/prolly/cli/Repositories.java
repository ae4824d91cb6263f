package io.prolly.cli;

import io.prolly.Repository;

/**
 * Where commands get their repositories from. The command line opens each location anew and
 * closes it when the command ends ({@link #byLocation()}); tests pass one that keeps
 * {@code memory:} repositories open across commands, since a memory repository lives only as
 * long as it is open.
 */
interface Repositories {

  /**
   * Opens a repository.
   *
   * @param location a store URI such as {@code lmdb:/data/app} or a path of the file backend
   * @param create whether a missing repository may be created; if not, a missing file-backend
   *     repository is refused rather than created empty
   * @return the repository, to be given back to {@link #release}
   * @throws UserException if the location is not a repository and {@code create} is false
   */
  Repository open(String location, boolean create);

  /**
   * Gives back a repository this source opened.
   *
   * @param repository the repository
   */
  void release(Repository repository);

  /**
   * Returns the source that opens every location anew and closes it on release.
   *
   * @return the source
   */
  static Repositories byLocation() {
    return new LocationRepositories();
  }
}
