package io.prolly;

import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one test opens (repositories, servers, proxies), closed in reverse order when it ends.
 * Register as {@code @RegisterExtension final OpenedResources opened = new OpenedResources();}.
 */
final class OpenedResources implements AfterEachCallback {

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Registers a resource to close when the test ends, and returns it. */
  <T extends AutoCloseable> T add(T resource) {
    opened.add(resource);
    return resource;
  }

  /** Opens a memory repository closed when the test ends. */
  Repository memory() {
    return add(Prolly.open("memory:"));
  }

  /** Serves a repository as {@code repo} on a free loopback port until the test ends, and returns its URI. */
  URI served(Repository repository) {
    ProllyServer server = add(ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("repo", repository).start());
    return URI.create("http://127.0.0.1:" + server.port() + "/repo");
  }

  /** The refs of a repository's store whose names start with {@code prefix}, read in one transaction. */
  static SortedMap<String, Hash> refsUnder(Repository repository, String prefix) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      return tx.refs(prefix);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    closeAll();
  }

  /** Closes what was registered so far, newest first, and forgets it. */
  void closeAll() throws Exception {
    Exception failure = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
