package io.prolly.bench;

import io.prolly.backend.Backends;
import io.prolly.spi.Durability;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;

/**
 * A store of a named backend in a throwaway directory, deleted when closed. The backend is named
 * by its scheme, optionally followed by options as in a store URI: {@code file?verifyNodes=false}.
 */
final class BenchStore implements AutoCloseable {

  final NodeStore store;
  private final ScratchDirectory directory;

  BenchStore(String backend, Durability durability) {
    int question = backend.indexOf('?');
    String scheme = question < 0 ? backend : backend.substring(0, question);
    String options = question < 0 ? "" : backend.substring(question);
    directory = new ScratchDirectory("prolly-bench-" + scheme + "-");
    // Directory backends take the directory; single-file backends a file inside it.
    String location = scheme.equals("memory") ? ""
        : scheme.equals("file") ? directory.path.resolve("bench.prolly").toString()
        : directory.path.toString();
    StoreConfig config = StoreConfig.parse(scheme + ":" + location + options);
    store = Backends.discover().open(config.toBuilder().durability(durability).build());
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      directory.close();
    }
  }
}
