package io.prolly.tck;

import io.prolly.error.StoreLockedException;
import io.prolly.spi.NodeStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The child JVM of {@link LockingContract}: opens the fixture's store in a directory, prints
 * {@value #OPEN}, and holds it until its standard input ends. If the store is locked it prints
 * the message and exits with {@value #LOCKED_STATUS}.
 */
public final class LockHolder {

  static final String OPEN = "open";
  static final int LOCKED_STATUS = 3;

  private LockHolder() {}

  /**
   * Runs the holder.
   *
   * @param args the fixture class name and the store directory
   * @throws Exception if the store cannot be opened for another reason
   */
  public static void main(String[] args) throws Exception {
    BackendFixture fixture = FixtureByName.create(args[0]);
    NodeStore store;
    try {
      store = fixture.provider().open(fixture.config(Path.of(args[1])));
    } catch (StoreLockedException locked) {
      System.out.println(locked.getMessage());
      System.exit(LOCKED_STATUS);
      return;
    }
    try (store) {
      System.out.println(OPEN);
      System.out.flush();
      drain();
    }
  }

  private static void drain() throws IOException {
    while (System.in.read() >= 0) {
      // Hold the store until the parent closes our input.
    }
  }
}
