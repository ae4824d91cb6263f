package io.prolly.tck;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.CorruptStoreException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * A damaged store never yields silently wrong data. Each of {@value #CASES} cases copies a
 * store written and closed by the backend, damages one of its files with a fixed seed (a flipped
 * bit, scrambled bytes, a zeroed range or a truncation, see {@link Damage}), then opens it and
 * reads every node and ref. The outcome must be the data as committed, or a
 * {@link CorruptStoreException} naming the store's location, or a {@link CorruptNodeException};
 * never another exception, a crash or hang of the JVM, or wrong bytes, counts or refs.
 *
 * <p>A backend's corruption test is one small subclass that also says which files to damage:
 *
 * <pre>{@code
 * class FileCorruptionTest extends CorruptionContract {
 *   public BackendProvider provider() { return new FileBackendProvider(); }
 *   public StoreConfig config(Path directory) { ... }
 *   public boolean persistent() { return true; }
 *   protected List<Path> storeFiles(Path directory) { return List.of(directory.resolve("store.prolly")); }
 * }
 * }</pre>
 */
@AddLifecycleHook(value = RuleFailureMessages.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class CorruptionContract implements BackendFixture {

  static final int CASES = 64;

  /** Only a guard against a hanging backend; a healthy case takes well under a second. */
  private static final long CASE_LIMIT_SECONDS = 120;

  private @Nullable Path pristine;
  private @Nullable StoreModel committed;

  /** For subclasses. */
  protected CorruptionContract() {}

  /**
   * Returns the files in which the backend keeps a closed store's data: the ones the test
   * damages. List the data files, not lock or log files whose damage the backend may rightly
   * ignore.
   *
   * @param directory the directory given to {@link #config(Path)}, holding a closed store
   * @return existing files inside {@code directory}
   */
  protected abstract List<Path> storeFiles(Path directory);

  /** Every damaged copy opens to the committed data or to a corruption exception naming the store. */
  @Contract(value = "A damaged store never yields wrong data: opening it throws CorruptStoreException naming the "
      + "location, or reading a damaged node throws CorruptNodeException; never wrong bytes, counts or refs, "
      + "another exception, or a crash or hang (NodeStore: Damage).",
      catches = "nodes returned without a checksum or Hash.of check, or a damaged index followed blindly into an "
      + "IndexOutOfBoundsException or an endless loop")
  @Property(tries = CASES, generation = GenerationMode.EXHAUSTIVE)
  void required_damagedStoreGivesCorrectDataOrCorruptionException(
      @ForAll @IntRange(min = 0, max = CASES - 1) int caseNumber) throws Exception {
    Path copy = Files.createTempDirectory("prolly-damaged-");
    try {
      copyDirectory(pristine(), copy);
      Random random = new Random(0x5EED_0000L + caseNumber);
      List<Path> files = storeFiles(copy);
      assertThat(files).as("the fixture's store files").isNotEmpty();
      // Nearby seeds give java.util.Random nearly the same first value, so the draw alone picked
      // the same file in every case; stepping by the case number spreads the cases over all files.
      Path target = files.get(Math.floorMod(random.nextInt(files.size()) + caseNumber / Damage.values().length,
          files.size()));
      Damage damage = Damage.values()[caseNumber % Damage.values().length];
      String what = "case " + caseNumber + ": " + damage.applyTo(target, random);
      StoreConfig config = config(copy).toBuilder().durability(Durability.IMMEDIATE).build();

      Throwable outcome = readEverythingGuarded(config, what);
      if (outcome == null) {
        Statistics.label("outcome").collect("committed data intact");
      } else if (outcome instanceof CorruptStoreException) {
        assertThat(((CorruptStoreException) outcome).location())
            .as("%s: the location named by CorruptStoreException", what).isEqualTo(config.location());
        Statistics.label("outcome").collect("CorruptStoreException");
      } else if (outcome instanceof CorruptNodeException) {
        Statistics.label("outcome").collect("CorruptNodeException");
      } else if (outcome instanceof AssertionError) {
        throw new AssertionError(what + ": the damaged store returned wrong data without reporting damage: "
            + outcome.getMessage(), outcome);
      } else {
        throw new AssertionError(what + ": expected the committed data, CorruptStoreException or"
            + " CorruptNodeException, but got " + outcome, outcome);
      }
    } finally {
      TestDirectories.delete(copy);
    }
  }

  @AfterProperty
  void deletePristineStore() {
    if (pristine != null) {
      TestDirectories.delete(pristine);
      pristine = null;
    }
  }

  /** Opens the damaged store, reads and checks everything; returns what was thrown, or null. */
  private @Nullable Throwable readEverythingGuarded(StoreConfig config, String what) throws InterruptedException {
    StoreModel model = committed;
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> reading = thread.submit(() -> {
        try (NodeStore store = provider().open(config)) {
          model.assertCommittedIn(store, what);
        }
        return null;
      });
      reading.get(CASE_LIMIT_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError(what + ": opening and reading the damaged store hangs", e);
    } finally {
      thread.shutdownNow();
    }
  }

  /** The store every case damages a copy of: written once per run, then closed. */
  private Path pristine() throws IOException {
    if (pristine == null) {
      Path directory = Files.createTempDirectory("prolly-pristine-");
      committed = writeStore(directory);
      pristine = directory;
    }
    return pristine;
  }

  private StoreModel writeStore(Path directory) {
    StoreModel model = new StoreModel();
    Random random = new Random(42);
    StoreConfig config = config(directory).toBuilder().durability(Durability.IMMEDIATE).build();
    try (NodeStore store = provider().open(config)) {
      List<Hash> written = new ArrayList<>();
      for (int commit = 0; commit < 8; commit++) {
        try (WriteTransaction tx = store.beginWrite()) {
          for (int i = 0; i < 12; i++) {
            int size = i == 0 && commit % 3 == 0 ? 100_000 + random.nextInt(100_000) : random.nextInt(6000);
            byte[] node = new byte[size];
            random.nextBytes(node);
            Hash id = Hash.of(node);
            tx.put(id, node);
            model.put(id, node);
            written.add(id);
          }
          if (commit > 0) {
            Hash victim = written.remove(random.nextInt(written.size()));
            tx.delete(victim);
            model.delete(victim);
          }
          for (int r = 0; r < 5; r++) {
            String name = (r % 2 == 0 ? "heads/branch-" : "tags/v") + random.nextInt(12);
            Hash value = written.get(random.nextInt(written.size()));
            tx.setRef(name, tx.ref(name), value);
            model.setRef(name, value);
          }
          tx.commit();
        }
      }
    }
    return model;
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
