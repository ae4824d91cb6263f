package io.prolly.tck;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.StoreLockedException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;

/**
 * One open handle per store location: a second open, in this JVM or in another process, fails
 * with {@link StoreLockedException} naming the location, harms nothing, and succeeds once the
 * first handle is closed. For persistent backends that keep a store in a file or directory.
 *
 * <p>A backend's locking test is one small subclass; it must be public with a public no-argument
 * constructor, because the other process ({@link LockHolder}) creates it by class name.
 */
@AddLifecycleHook(value = RuleFailureMessages.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class LockingContract implements BackendFixture {

  /** For subclasses. */
  protected LockingContract() {}

  /** A second open in this JVM is refused while the first is open, and works after it closes. */
  @Contract(value = "open throws StoreLockedException naming the location if another handle holds the store, and "
      + "succeeds once that handle is closed (BackendProvider.open).",
      catches = "no lock against this process: a FileLock alone, which a second open in the same JVM meets as "
      + "OverlappingFileLockException or, on another channel, not at all")
  @Example
  void required_secondOpenInTheSameJvmIsLockedUntilTheFirstCloses() {
    Path directory = TestDirectories.create("prolly-lock-");
    try {
      NodeStore first = provider().open(config(directory));
      try {
        assertThatThrownBy(() -> provider().open(config(directory)))
            .isInstanceOf(StoreLockedException.class)
            .satisfies(e -> assertThat(((StoreLockedException) e).location())
                .isEqualTo(config(directory).location()));
        try (ReadTransaction tx = first.beginRead()) {
          assertThat(tx.refs("")).as("the first handle after the refused open").isEmpty();
        }
      } finally {
        first.close();
      }
      provider().open(config(directory)).close();
    } finally {
      TestDirectories.delete(directory);
    }
  }

  /** A store held by another process cannot be opened here until that process lets it go. */
  @Contract(value = "One handle at a time holds a location, against handles of this process and of others: open "
      + "throws StoreLockedException while another process holds it (BackendProvider.open).",
      catches = "a lock kept only in a static map of the JVM, which another process never sees")
  @Example
  void required_storeHeldByAnotherProcessIsLocked() throws Exception {
    FixtureByName.require(getClass(), "the other process creates it by name");
    Path directory = TestDirectories.create("prolly-lock-");
    Path output = directory.resolve("holder.log");
    Files.createDirectories(directory.resolve("store"));
    Process holder = ChildJvm.start(LockHolder.class, output, getClass().getName(), directory.resolve("store").toString());
    try {
      awaitOpen(holder, output);
      assertThatThrownBy(() -> provider().open(config(directory.resolve("store"))))
          .as("opening a store another process holds").isInstanceOf(StoreLockedException.class);
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).as("the holder exits when its input ends").isTrue();
    }
    assertThat(holder.exitValue()).as("the holder's exit status; it printed %s", read(output)).isZero();
    provider().open(config(directory.resolve("store"))).close();
    TestDirectories.delete(directory);
  }

  /**
   * Another process cannot open a store this process holds, even after a second open here was
   * refused (with POSIX file locks, closing any channel to a file drops the process's lock on it).
   */
  @Contract(value = "One handle at a time holds a location, against handles of this process and of others, also "
      + "after a refused second open here (BackendProvider.open).",
      catches = "a refused second open that closes its channel to the locked file: with POSIX locks that drops the "
      + "process's lock on it")
  @Example
  void required_anotherProcessCannotOpenAStoreHeldHere() throws Exception {
    FixtureByName.require(getClass(), "the other process creates it by name");
    Path directory = TestDirectories.create("prolly-lock-");
    Path output = directory.resolve("holder.log");
    Files.createDirectories(directory.resolve("store"));
    try (NodeStore store = provider().open(config(directory.resolve("store")))) {
      assertThatThrownBy(() -> provider().open(config(directory.resolve("store"))))
          .as("a second open in this JVM").isInstanceOf(StoreLockedException.class);
      Process holder = ChildJvm.start(LockHolder.class, output, getClass().getName(), directory.resolve("store").toString());
      holder.getOutputStream().close();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).as("the refused holder exits").isTrue();
      assertThat(holder.exitValue()).as("the other process's exit status; it printed %s", read(output))
          .isEqualTo(LockHolder.LOCKED_STATUS);
    }
    TestDirectories.delete(directory);
  }

  private static void awaitOpen(Process holder, Path output) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!read(output).lines().anyMatch(LockHolder.OPEN::equals)) {
      assertThat(holder.isAlive()).as("the holder is running; it printed %s", read(output)).isTrue();
      assertThat(System.nanoTime()).as("the holder opened the store within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String read(Path output) throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }
}
