package io.prolly.cli;

import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.spi.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Opens a location given on the command line: a URI with a scheme of two letters or more
 * ({@code file:/data/app.prolly}, {@code lmdb:/var/lib/app}, {@code memory:}) or else a path,
 * which means the default {@code file} backend. Two letters, so that {@code C:\data} stays a path.
 * An {@code http://} URL is a remote repository ({@link RemoteLocation}), refused here.
 */
final class LocationRepositories implements Repositories {

  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  @Override
  public Repository open(String location, boolean create) {
    RemoteLocation.refuse(location);
    StoreConfig config = configOf(location);
    if (!create && config.scheme().equals("file") && !Files.exists(config.path())) {
      throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no repository at " + config.path()
          + "; create one with 'prolly init " + location + "' or check --repo / PROLLY_REPO");
    }
    return Prolly.open(config);
  }

  @Override
  public void release(Repository repository) {
    repository.close();
  }

  private static StoreConfig configOf(String location) {
    if (URI_SCHEME.matcher(location).matches()) {
      return StoreConfig.parse(location);
    }
    return StoreConfig.builder("file").location(Path.of(location)).build();
  }
}
