package io.prolly.backend.rocksdb;

import io.prolly.StoreLockedException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RocksDbLockingTest}: opens the store in the directory given as the
 * argument, prints {@code open}, and holds it until its standard input closes; or prints
 * {@code locked} and exits with status 3 if the store is locked.
 */
final class LockHolder {

  static final int LOCKED_STATUS = 3;

  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    StoreConfig config = StoreConfig.builder("rocksdb").location(Path.of(args[0])).build();
    NodeStore store;
    try {
      store = new RocksDbBackendProvider().open(config);
    } catch (StoreLockedException e) {
      System.out.println("locked: " + e.getMessage());
      System.exit(LOCKED_STATUS);
      return;
    }
    System.out.println("open");
    System.out.flush();
    while (System.in.read() >= 0) {
      // Hold the store until the parent closes our input.
    }
    store.close();
  }
}
