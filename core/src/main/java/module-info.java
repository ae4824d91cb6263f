/**
 * Prolly: the versioned key-value store. The user API is {@code io.prolly} (open a {@code
 * Repository} with {@code Prolly}) and {@code io.prolly.merge} (merge functions and conflict
 * resolvers). The prolly tree, commits, the in-memory store and the maintenance machinery are
 * internal. Storage backends are found with {@link java.util.ServiceLoader}; the in-memory one
 * ships here.
 */
module io.prolly.core {
  requires transitive io.prolly.api;
  requires com.esotericsoftware.kryo;
  requires org.objenesis;
  requires com.github.benmanes.caffeine;
  requires org.pcollections;
  // Flight recorder events of commits, merges, collection batches and transfers.
  requires jdk.jfr;
  // The client of remote repositories (Prolly.remote).
  requires java.net.http;

  exports io.prolly;
  exports io.prolly.merge;

  uses io.prolly.spi.BackendProvider;

  provides io.prolly.spi.BackendProvider with io.prolly.backend.memory.MemoryBackendProvider;
}
