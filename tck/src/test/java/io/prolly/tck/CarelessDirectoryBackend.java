package io.prolly.tck;

import io.prolly.error.ProllyException;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.support.Arguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deliberately careless directory backend for the TCK's self-tests: it keeps an
 * {@link UnprotectedFileBackend} store in a file of the location directory, whatever else the
 * directory holds. {@link StoreLocationContract} must catch it.
 */
final class CarelessDirectoryBackend implements BackendProvider {

  @Override
  public String scheme() {
    return "careless";
  }

  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    Path directory = config.path();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ProllyException("cannot create the directory of store '" + config.location() + "'", e);
    }
    return new UnprotectedFileBackend().open(StoreConfig.builder("unprotected")
        .location(directory.resolve("store.bin").toString()).durability(config.durability()).build());
  }
}
