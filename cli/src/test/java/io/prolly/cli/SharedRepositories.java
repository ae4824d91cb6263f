package io.prolly.cli;

import io.prolly.Prolly;
import io.prolly.Repository;
import java.util.HashMap;
import java.util.Map;

/**
 * Repositories for tests: {@code memory:} locations stay open across commands (a memory repository
 * lives only while open), registered repositories are handed out as they are, and every other
 * location is opened anew and closed after each command, as on the command line.
 */
final class SharedRepositories implements Repositories, AutoCloseable {

  private final Repositories byLocation = Repositories.byLocation();
  private final Map<String, Repository> shared = new HashMap<>();

  /** Hands out this repository for the location, never closing it before {@link #close()}. */
  void register(String location, Repository repository) {
    shared.put(location, repository);
  }

  @Override
  public Repository open(String location, boolean create) {
    Repository repository = shared.get(location);
    if (repository != null) {
      return repository;
    }
    if (location.startsWith("memory:")) {
      if (!create) {
        throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no repository at " + location);
      }
      repository = Prolly.open(location);
      shared.put(location, repository);
      return repository;
    }
    return byLocation.open(location, create);
  }

  @Override
  public void release(Repository repository) {
    if (!shared.containsValue(repository)) {
      byLocation.release(repository);
    }
  }

  @Override
  public void close() {
    shared.values().forEach(Repository::close);
  }
}
