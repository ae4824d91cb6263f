package io.prolly.bench;

import io.prolly.backend.Backends;
import io.prolly.spi.Durability;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A store of a named backend in a throwaway directory, deleted when closed. */
final class BenchStore implements AutoCloseable {

  final NodeStore store;
  private final Path directory;

  BenchStore(String backend, Durability durability) {
    try {
      directory = Files.createTempDirectory("prolly-bench-" + backend + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StoreConfig.Builder config = StoreConfig.builder(backend).durability(durability);
    if (!backend.equals("memory")) {
      // Directory backends take the directory; single-file backends a file inside it.
      config.location(backend.equals("file") ? directory.resolve("bench.prolly") : directory);
    }
    store = Backends.discover().open(config.build());
  }

  @Override
  public void close() {
    store.close();
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
