package io.prolly.backend.file;

import io.prolly.error.StoreLockedException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;

/**
 * Run in a child JVM by {@link FileLockingTest}: tries to open a store and tells the outcome by
 * its exit code, {@value #LOCKED} for StoreLockedException, {@value #OPENED} if the store opened.
 */
public final class LockProbe {

  static final int LOCKED = 10;
  static final int OPENED = 11;

  private LockProbe() {}

  /**
   * Tries to open the store.
   *
   * @param args the store URI
   */
  public static void main(String[] args) {
    try {
      NodeStore store = new FileBackendProvider().open(StoreConfig.parse(args[0]));
      store.close();
      System.exit(OPENED);
    } catch (StoreLockedException expected) {
      System.out.println(expected.getMessage());
      System.exit(LOCKED);
    }
  }
}
