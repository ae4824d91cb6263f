package io.prolly.tck;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.error.StoreClosedException;
import io.prolly.error.StoreLockedException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.jspecify.annotations.Nullable;

/**
 * Where a persistent backend keeps a store, and what it does with a location that is not its
 * own: missing parent directories, a location that cannot be created, a file where it keeps a
 * directory (or the other way round), a directory without write permission, another engine's
 * store. Each is refused with an exception naming the location, and a refused open changes
 * nothing on disk. It also checks the exact figures of {@link StoreStats} across reopen, and
 * that closing twice is harmless.
 *
 * <p>A backend's location test is one line on top of its fixture interface, for example
 * {@code class LmdbLocationTest extends StoreLocationContract implements LmdbFixture {}}. The
 * fixture says what differs between backends through {@link BackendFixture#layout()},
 * {@link BackendFixture#createsMissingDirectories()} and {@link BackendFixture#statsFigures()}.
 */
@AddLifecycleHook(value = RuleFailureMessages.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class StoreLocationContract implements BackendFixture {

  private final OpenStores<NodeStore> opened = new OpenStores<>();
  private @Nullable Path directory;

  /** For subclasses. */
  protected StoreLocationContract() {}

  @BeforeTry
  final void createDirectory() {
    directory = TestDirectories.create("prolly-location-");
  }

  @AfterTry
  final void closeStoresAndDeleteDirectory() {
    RuntimeException failure = opened.closeAll();
    TestDirectories.delete(directory());
    if (failure != null) {
      throw new AssertionError("closing a store failed", failure);
    }
  }

  /**
   * Missing parent directories are created, and the store then has the declared layout and
   * keeps its data; a backend whose fixture says it does not create them refuses the location.
   */
  @Contract(value = "open creates the store at the configured location, creating missing parent directories unless "
      + "the backend documents that it refuses them, in the kind of entry (file or directory) it documents "
      + "(BackendProvider.open).",
      catches = "the store file created without its parent directories, failing with NoSuchFileException")
  @Example
  void required_missingParentDirectoriesAreCreatedOrRefusedAsDeclared() {
    StoreConfig config = configAt(directory().resolve("missing").resolve("parents").resolve("store"));
    if (!createsMissingDirectories()) {
      DiskContents before = DiskContents.of(directory());
      refusal(config, "its parent directories are missing, and the fixture says the backend does not create them");
      assertUnchanged(before, "the refused open");
      return;
    }
    byte[] node = "a node".getBytes(StandardCharsets.UTF_8);
    try (NodeStore store = open(config); WriteTransaction tx = store.beginWrite()) {
      tx.put(Hash.of(node), node);
      tx.setRef("heads/main", null, Hash.of(node));
      tx.commit();
    }
    Path location = config.path();
    if (layout() == StoreLayout.DIRECTORY) {
      assertThat(location).as("the store the backend created (layout DIRECTORY)").isDirectory().isNotEmptyDirectory();
    } else {
      assertThat(location).as("the store the backend created (layout FILE)").isRegularFile();
    }
    try (NodeStore store = open(config); ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(Hash.of(node))).as("the node, after reopening").isEqualTo(node);
      assertThat(tx.ref("heads/main")).as("the ref, after reopening").isEqualTo(Hash.of(node));
    }
  }

  /** A location below a regular file cannot be created: the open says so, naming it. */
  @Contract(value = "A location that cannot be created is refused with an exception naming it, and a refused open "
      + "creates nothing (BackendProvider.open).",
      catches = "the engine's NotDirectoryException or native error escaping instead of an exception that names the "
      + "location")
  @Example
  void required_aLocationThatCannotBeCreatedIsRefusedClearly() throws IOException {
    Path plainFile = Files.writeString(directory().resolve("plain.txt"), "a file, not a directory\n");
    StoreConfig config = configAt(plainFile.resolve("store"));
    DiskContents before = DiskContents.of(directory());
    refusal(config, "a parent of it is a regular file");
    assertUnchanged(before, "the refused open");
  }

  /**
   * A regular file where the backend keeps a directory, or a directory where it keeps one file,
   * is refused with a message that names the location and the kind the backend needs.
   */
  @Contract(value = "A location of the wrong kind (a file where the backend keeps a directory, or the other way "
      + "round) is refused with an exception naming it and the kind needed, changing nothing there "
      + "(BackendProvider.open).",
      catches = "a backend that deletes or overwrites a regular file found where its directory should be")
  @Example
  void required_aLocationOfTheWrongKindIsRefusedUntouched() throws IOException {
    StoreConfig config = configAt(directory().resolve("store"));
    Path location = config.path();
    Files.createDirectories(location.getParent());
    String needed;
    if (layout() == StoreLayout.DIRECTORY) {
      Files.writeString(location, "a regular file, not a store directory\n");
      needed = "directory";
    } else {
      Files.createDirectories(location);
      Files.writeString(location.resolve("notes.txt"), "a directory, not a store file\n");
      needed = "file";
    }
    DiskContents before = DiskContents.of(directory());
    Throwable refusal = refusal(config, "it is not a " + needed);
    assertThat(refusal.getMessage().replace(config.location(), "")).as("the message says what the backend needs")
        .containsIgnoringCase(needed);
    assertUnchanged(before, "the refused open");
  }

  /**
   * A location in a directory without write permission is refused, and nothing is created.
   * Skipped where permissions are not enforced (for root) or the file system has none.
   */
  @Contract(value = "A location the backend may not write to is refused with an exception naming it, and nothing is "
      + "created there (BackendProvider.open).",
      catches = "a read-only location opened half way, leaving a lock or log file behind, or failing later at the "
      + "first commit")
  @Example
  void required_anUnwritableLocationIsRefusedUntouched() throws IOException {
    Path readOnly = Files.createDirectory(directory().resolve("read-only"));
    StoreConfig config = configAt(readOnly);
    assumeTrue(Files.getFileAttributeView(readOnly, PosixFileAttributeView.class) != null,
        "needs a file system with POSIX permissions");
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(readOnly), "this user may write to a directory without write permission (root?)");
      DiskContents before = DiskContents.of(directory());
      refusal(config, "its directory has no write permission");
      assertUnchanged(before, "the refused open");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * A location holding another engine's store, or unrelated files, is refused with a
   * {@link CorruptStoreException} naming it, and every one of those files is left as it was.
   */
  @Contract(value = "open throws CorruptStoreException naming the location if it holds another engine's store or "
      + "unrelated files, and leaves every one of those files as it was (BackendProvider.open).",
      catches = "a backend that moves into any directory it is given, writing its files among someone else's")
  @Property(generation = GenerationMode.EXHAUSTIVE)
  void required_aLocationHoldingAnotherStoreIsRefusedUntouched(@ForAll ForeignStore foreign) throws IOException {
    assumeFalse(foreign.scheme().equals(provider().scheme()), "the backend's own engine");
    StoreConfig config = configAt(directory().resolve(foreign.name().toLowerCase(Locale.ROOT)));
    foreign.plant(config.path(), layout());
    DiskContents before = DiskContents.of(directory());
    Throwable refusal = refusal(config, "it holds " + foreign);
    assertThat(refusal).as("the exception for a location holding %s", foreign).isInstanceOf(CorruptStoreException.class);
    assertThat(((CorruptStoreException) refusal).location()).as("the location it names").isEqualTo(config.location());
    assertUnchanged(before, "the refused open of a location holding " + foreign);
  }

  /**
   * {@link StoreStats} counts nodes, node bytes and refs exactly after puts of new and existing
   * nodes, deletes of stored and unknown ones, and ref moves, at every durability level, and
   * again after reopening. The store takes disk space: after reopening at least the node bytes,
   * since the nodes are random bytes that no compression shrinks.
   */
  @Contract(value = "stats() gives exact node, node byte and ref counts, also after reopening, and what the store "
      + "occupies (NodeStore.stats, StoreStats).",
      catches = "a node count that goes up for a put of a node already stored or down for a delete of an unknown "
      + "one, or figures recomputed wrongly at open")
  @Property(generation = GenerationMode.EXHAUSTIVE)
  void required_statsCountNodesBytesAndRefsExactlyAcrossReopen(@ForAll Durability durability) {
    StoreConfig config = configAt(directory().resolve("store")).toBuilder().durability(durability).build();
    Random random = new Random(7);
    byte[] small = noise(random, 1);
    byte[] large = noise(random, 40_000);
    byte[] later = noise(random, 25_000);
    byte[] dropped = noise(random, 10_000);
    long nodeBytes = small.length + large.length + later.length;
    try (NodeStore store = open(config)) {
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(Hash.of(small), small);
        tx.put(Hash.of(large), large);
        tx.put(Hash.of(dropped), dropped);
        tx.setRef("heads/main", null, Hash.of(small));
        tx.setRef("heads/gone", null, Hash.of(small));
        tx.commit();
      }
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(Hash.of(small), small);
        tx.put(Hash.of(later), later);
        tx.delete(Hash.of(dropped));
        tx.delete(Hash.of("never stored".getBytes(StandardCharsets.UTF_8)));
        tx.setRef("heads/main", Hash.of(small), Hash.of(later));
        tx.setRef("heads/gone", Hash.of(small), null);
        tx.setRef("tags/v1", null, Hash.of(large));
        tx.commit();
      }
      assertExact(store.stats(), nodeBytes, "after two commits");
    }
    try (NodeStore store = open(config)) {
      StoreStats stats = store.stats();
      assertExact(stats, nodeBytes, "after reopening");
      assertThat(stats.storageBytes()).as("storageBytes after reopening, with %d bytes of random nodes", nodeBytes)
          .isGreaterThanOrEqualTo(nodeBytes);
    }
  }

  /**
   * close() may be called again at any time, stats() of a closed store throws
   * {@link StoreClosedException}, the location opens again after close, and a late close of an
   * old handle leaves a newer handle on the same location open and holding its lock.
   */
  @Contract(value = "close() releases files and locks and calling it again does nothing; after it the location "
      + "opens again, and stats() of the closed store throws StoreClosedException (NodeStore.close).",
      catches = "a late second close of an old handle that releases the lock a newer handle on the same location "
      + "holds")
  @Example
  void required_closeIsIdempotentAndTheLocationCanBeOpenedAgain() {
    StoreConfig config = configAt(directory().resolve("store"));
    byte[] node = "a node".getBytes(StandardCharsets.UTF_8);
    NodeStore first = open(config);
    try (WriteTransaction tx = first.beginWrite()) {
      tx.put(Hash.of(node), node);
      tx.commit();
    }
    first.close();
    assertThatCode(first::close).as("a second close").doesNotThrowAnyException();
    assertThatThrownBy(first::stats).as("stats() after close").isInstanceOf(StoreClosedException.class);

    NodeStore second = open(config);
    assertThatCode(first::close).as("closing the first handle again while a second one is open")
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> open(config)).as("a third open while the second handle is open, after the first"
        + " handle was closed once more").isInstanceOf(StoreLockedException.class);
    try (ReadTransaction tx = second.beginRead()) {
      assertThat(tx.get(Hash.of(node))).as("the node, through the second handle").isEqualTo(node);
    }
    assertThat(second.stats().nodeCount()).as("the second handle's node count").isEqualTo(1);
    second.close();
    open(config).close();
  }

  private Path directory() {
    if (directory == null) {
      throw new IllegalStateException("no test directory outside a try");
    }
    return directory;
  }

  /** The fixture's configuration for a base path, which must put the location at or below it. */
  private StoreConfig configAt(Path base) {
    StoreConfig config = config(base);
    assertThat(config.path().toAbsolutePath().normalize()).as("the location the fixture gives for %s", base)
        .startsWithRaw(base);
    return config;
  }

  private NodeStore open(StoreConfig config) {
    return opened.add(provider().open(config));
  }

  /** Opens a location that must be refused, and returns the exception, which names it. */
  private Throwable refusal(StoreConfig config, String situation) {
    Throwable thrown = catchThrowable(() -> open(config));
    if (thrown == null) {
      fail("opening '%s', where %s, succeeded; it must be refused with an exception naming the location",
          config.location(), situation);
    }
    assertThat(thrown).as("opening '%s', where %s", config.location(), situation)
        .isInstanceOfAny(ProllyException.class, IllegalArgumentException.class)
        .hasMessageContaining(config.location());
    return thrown;
  }

  private void assertUnchanged(DiskContents before, String what) {
    assertThat(DiskContents.of(directory()).changesSince(before)).as("changes on disk by %s", what).isEmpty();
  }

  private void assertExact(StoreStats stats, long nodeBytes, String when) {
    assertThat(stats.nodeCount()).as("nodeCount %s", when).isEqualTo(3);
    assertThat(stats.nodeBytes()).as("nodeBytes %s", when).isEqualTo(nodeBytes);
    assertThat(stats.refCount()).as("refCount %s (heads/main and tags/v1)", when).isEqualTo(2);
    assertThat(stats.storageBytes()).as("storageBytes %s", when).isPositive();
    assertThat(stats.figures()).as("the figures the fixture names in statsFigures(), %s", when)
        .containsKeys(statsFigures().toArray(String[]::new));
  }

  private static byte[] noise(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
