package io.prolly;

import java.util.ArrayList;
import java.util.List;
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
