package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.GcReport;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Retention;
import io.prolly.Store;
import io.prolly.backend.Backends;
import io.prolly.backend.jdbc.JdbcBackendProvider;
import io.prolly.backend.jdbc.JdbcVacuum;
import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The storage-efficiency measurement: bytes on disk against the bytes of the nodes still
 * reachable, over a long history of small commits, with and without history retention.
 *
 * <p>It loads a branch of {@code --keys} keys ({@code k%010d}, 100-byte values) in one commit,
 * then makes {@code --commits} commits that each change {@code --changed} random keys (0.1 % of
 * the branch by default), and every {@code --sample} commits records the bytes on disk. Two
 * curves, each on a fresh store:
 *
 * <ul>
 *   <li>{@code all}: every commit is kept; at the end {@code gc()} (which finds nothing to
 *       delete: everything is history) and the backend's {@code compact()};
 *   <li>{@code head}: at every sample the branch keeps only its head
 *       ({@code squashHistory(Retention.keepLast(1))}), then {@code gc()} and {@code compact()}, so
 *       the curve shows whether the store gives space back (or, for LMDB, reuses it). For
 *       {@code jdbc} with its default plain {@code VACUUM} a last sample follows a
 *       {@code VACUUM FULL} of the tables, what {@code --vacuum full} makes every
 *       {@code compact()} run.
 * </ul>
 *
 * <p>Reachable bytes are what {@code gc()} leaves: it deletes every node that no ref reaches, so
 * the nodes left are exactly the reachable ones. They are counted through the SPI, node by node
 * ({@code forEachNode} and {@code get}), on the store opened again after the run, and checked
 * against the backend's own node-byte figure. Bytes on disk are the sizes of the store's files
 * (the file, or every file in the directory); for {@code jdbc} the backend's figure,
 * {@code pg_total_relation_size} of its tables, on the test PostgreSQL server that the jdbc
 * backend's tests start.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.prolly.bench.StorageEfficiencyRun --backend file
 * java -cp bench/target/benchmarks.jar io.prolly.bench.StorageEfficiencyRun --backend lmdb --quick
 * }</pre>
 *
 * <p>Options: {@code --backend file|lmdb|rocksdb|jdbc} (required), {@code --keys N} (1,000,000),
 * {@code --commits N} (1,000), {@code --changed N} (keys / 1,000), {@code --sample N} (50),
 * {@code --retention all|head|both} (both), {@code --quick} (100,000 keys, 100 commits, sample
 * every 10), {@code --dir PATH} (where the scratch stores go; the system's temporary directory),
 * {@code --vacuum plain|full} (jdbc only: the store's {@code vacuum} option, what {@code compact()}
 * runs; plain).
 * It prints one CSV line per sample on standard output as it goes, then a Markdown table.
 */
public final class StorageEfficiencyRun {

  /** One measurement point of a curve. */
  record Sample(String retention, String phase, int commits, long diskBytes, long nodeBytes, long nodeCount) {
    double ratio() {
      return nodeBytes == 0 ? Double.NaN : (double) diskBytes / nodeBytes;
    }
  }

  private final String backend;
  private final JdbcVacuum vacuum;
  private final int keys;
  private final int commits;
  private final int changed;
  private final int sampleEvery;
  private final Path scratch;
  private final PrintStream out;
  private long curveStarted;

  private StorageEfficiencyRun(String backend, JdbcVacuum vacuum, int keys, int commits, int changed,
      int sampleEvery, Path scratch, PrintStream out) {
    this.backend = backend;
    this.vacuum = vacuum;
    this.keys = keys;
    this.commits = commits;
    this.changed = changed;
    this.sampleEvery = sampleEvery;
    this.scratch = scratch;
    this.out = out;
  }

  /**
   * Runs the measurement.
   *
   * @param args the options, see the class documentation
   */
  public static void main(String[] args) {
    run(args, System.out);
  }

  /** Runs the measurement, printing the samples and the table to {@code out}; returns the samples. */
  static List<Sample> run(String[] args, PrintStream out) {
    String backend = null;
    int keys = 1_000_000;
    int commits = 1_000;
    int changed = -1;
    int sample = 50;
    String retention = "both";
    String vacuum = null;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--backend" -> backend = value(args, ++i, arg);
        case "--keys" -> keys = number(args, ++i, arg);
        case "--commits" -> commits = number(args, ++i, arg);
        case "--changed" -> changed = number(args, ++i, arg);
        case "--sample" -> sample = number(args, ++i, arg);
        case "--retention" -> retention = value(args, ++i, arg);
        case "--dir" -> dir = Path.of(value(args, ++i, arg));
        case "--vacuum" -> vacuum = value(args, ++i, arg);
        case "--quick" -> {
          keys = 100_000;
          commits = 100;
          sample = 10;
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'; see the class documentation"
            + " of StorageEfficiencyRun for --backend, --keys, --commits, --changed, --sample, --retention, --quick,"
            + " --dir, --vacuum");
      }
    }
    if (backend == null || !List.of("file", "lmdb", "rocksdb", "jdbc").contains(backend)) {
      throw new IllegalArgumentException("give --backend file, lmdb, rocksdb or jdbc, not " + backend);
    }
    if (!List.of("all", "head", "both").contains(retention)) {
      throw new IllegalArgumentException("give --retention all, head or both, not " + retention);
    }
    if (vacuum != null && (!backend.equals("jdbc") || !List.of("plain", "full").contains(vacuum))) {
      throw new IllegalArgumentException("--vacuum takes plain or full, and only with --backend jdbc, not --vacuum "
          + vacuum + " with --backend " + backend);
    }
    if (keys < 1 || commits < 1 || sample < 1) {
      throw new IllegalArgumentException("--keys, --commits and --sample must be positive");
    }
    changed = changed < 0 ? Math.max(1, keys / 1000) : changed;
    if (changed > keys) {
      throw new IllegalArgumentException("--changed " + changed + " is more than the " + keys + " keys");
    }
    JdbcVacuum vacuumMode = vacuum == null ? JdbcVacuum.PLAIN : JdbcVacuum.valueOf(vacuum.toUpperCase(Locale.ROOT));
    StorageEfficiencyRun run = new StorageEfficiencyRun(backend, vacuumMode, keys, commits, changed, sample, dir, out);
    List<Sample> samples = new ArrayList<>();
    out.println("backend,retention,phase,commits,diskBytes,reachableNodeBytes,nodes,ratio,seconds");
    for (String mode : retention.equals("both") ? List.of("all", "head") : List.of(retention)) {
      samples.addAll(run.curve(mode));
    }
    run.printTable(samples);
    return samples;
  }

  /** Measures one curve on a fresh store. */
  private List<Sample> curve(String retention) {
    List<Sample> samples = new ArrayList<>();
    boolean keepHead = retention.equals("head");
    try (ScratchDirectory directory = new ScratchDirectory(scratch, "prolly-storage-" + backend + "-")) {
      String schema = "storage_" + retention + "_" + System.nanoTime();
      StoreConfig config = config(directory.path, schema);
      SplittableRandom random = new SplittableRandom(42);
      long started = System.nanoTime();
      curveStarted = started;
      try (Repository repository = Prolly.open(config)) {
        Store<byte[]> main = repository.store("main", Codecs.bytes());
        for (int i = 0; i < keys; i++) {
          main.set(key(i), value(i, 0));
        }
        main.commit("load");
        samples.add(sample(repository, config, directory.path, retention, "load", 0));
        for (int commit = 1; commit <= commits; commit++) {
          for (int index : distinct(random, changed, keys)) {
            main.set(key(index), value(index, commit));
          }
          main.commit("commit " + commit);
          if (commit % sampleEvery == 0 || commit == commits) {
            if (keepHead) {
              collect(repository, true);
              main = repository.store("main", Codecs.bytes());
            }
            samples.add(sample(repository, config, directory.path, retention, keepHead ? "gc+compact" : "commits",
                commit));
          }
        }
        if (keepHead && backend.equals("jdbc") && vacuum == JdbcVacuum.PLAIN) {
          // What the backend's plain VACUUM leaves to the operator: rewriting the tables.
          vacuumFull(schema);
          samples.add(sample(repository, config, directory.path, retention, "vacuum full", commits));
        }
        if (!keepHead) {
          GcReport report = repository.maintenance().gc();
          samples.add(sample(repository, config, directory.path, retention, "gc", commits));
          System.err.printf(Locale.ROOT, "gc deleted %,d nodes in %d ms%n", report.nodesDeleted(),
              report.duration().toMillis());
          long start = System.nanoTime();
          repository.maintenance().compact();
          System.err.printf(Locale.ROOT, "compact took %d ms%n", (System.nanoTime() - start) / 1_000_000);
          samples.add(sample(repository, config, directory.path, retention, "gc+compact", commits));
        }
        System.err.println("figures of " + backend + " (" + retention + "): " + repository.maintenance().stats());
      }
      long reachable = reachableBytes(config);
      Sample last = samples.get(samples.size() - 1);
      if (reachable != last.nodeBytes()) {
        throw new IllegalStateException("the nodes counted through the SPI after reopening hold " + reachable
            + " bytes, the backend's figure said " + last.nodeBytes());
      }
      System.err.printf(Locale.ROOT, "%s, retention %s: %.0f s, reachable bytes checked through the SPI: %,d%n",
          backend, retention, (System.nanoTime() - started) / 1e9, reachable);
    }
    return samples;
  }

  /** Keeps only the head of main when asked, then collects and compacts. */
  private static void collect(Repository repository, boolean keepHead) {
    if (keepHead) {
      repository.maintenance().squashHistory("main", Retention.keepLast(1));
    }
    repository.maintenance().gc();
    repository.maintenance().compact();
  }

  /** Rewrites the store's tables to their live rows, under the exclusive lock VACUUM FULL takes. */
  private static void vacuumFull(String schema) {
    long start = System.nanoTime();
    try (Connection connection = TestPostgres.shared().connect(); Statement statement = connection.createStatement()) {
      statement.execute("SET lock_timeout = '60s'");
      statement.execute("VACUUM FULL " + schema + ".prolly_nodes, " + schema + ".prolly_refs");
    } catch (SQLException e) {
      throw new IllegalStateException("VACUUM FULL of schema " + schema + " failed: " + e.getMessage(), e);
    }
    System.err.printf(Locale.ROOT, "VACUUM FULL took %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  private Sample sample(Repository repository, StoreConfig config, Path directory, String retention, String phase,
      int commit) {
    StoreStats stats = repository.maintenance().stats();
    long disk = backend.equals("jdbc") ? stats.storageBytes() : sizeOf(directory);
    Sample sample = new Sample(retention, phase, commit, disk, stats.nodeBytes(), stats.nodeCount());
    out.printf(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%.3f,%.0f%n", backend, retention, phase, commit, disk,
        stats.nodeBytes(), stats.nodeCount(), sample.ratio(), (System.nanoTime() - curveStarted) / 1e9);
    return sample;
  }

  /** The bytes of every node in the store, read one by one through the SPI after opening it again. */
  private static long reachableBytes(StoreConfig config) {
    AtomicLong bytes = new AtomicLong();
    try (NodeStore store = Backends.discover().open(config); ReadTransaction tx = store.beginRead()) {
      tx.forEachNode(id -> bytes.addAndGet(tx.get(id).length));
    }
    return bytes.get();
  }

  private StoreConfig config(Path directory, String schema) {
    return switch (backend) {
      case "file" -> StoreConfig.parse("file:" + directory.resolve("store.prolly"));
      case "jdbc" -> TestPostgres.shared().storeConfig(schema).toBuilder()
          .option(JdbcBackendProvider.VACUUM, vacuum).build();
      default -> StoreConfig.parse(backend + ":" + directory);
    };
  }

  private static long sizeOf(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      long total = 0;
      for (Path file : (Iterable<Path>) files::iterator) {
        try {
          if (Files.isRegularFile(file)) {
            total += Files.size(file);
          }
        } catch (NoSuchFileException e) {
          // Deleted by a compaction since the listing.
        }
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Integer> distinct(SplittableRandom random, int count, int bound) {
    Set<Integer> chosen = new HashSet<>(count * 2);
    while (chosen.size() < count) {
      chosen.add(random.nextInt(bound));
    }
    return chosen;
  }

  private void printTable(List<Sample> samples) {
    out.println();
    String option = backend.equals("jdbc") ? " (vacuum=" + vacuum.name().toLowerCase(Locale.ROOT) + ")" : "";
    out.printf(Locale.ROOT, "%s%s: %,d keys, %,d commits of %,d changed keys%n%n", backend, option, keys, commits,
        changed);
    out.println("| retention | phase | commits | disk bytes | reachable node bytes | nodes | disk / reachable |");
    out.println("|---|---|---:|---:|---:|---:|---:|");
    for (Sample sample : samples) {
      out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %.2f |%n", sample.retention(), sample.phase(),
          sample.commits(), sample.diskBytes(), sample.nodeBytes(), sample.nodeCount(), sample.ratio());
    }
  }

  static String key(int index) {
    return String.format(Locale.ROOT, "k%010d", index);
  }

  /** 100 bytes: the key's index and the commit that wrote it, then a pattern that varies with both. */
  static byte[] value(int index, int commit) {
    byte[] value = new byte[100];
    ByteBuffer buffer = ByteBuffer.wrap(value).putInt(index).putInt(commit);
    SplittableRandom random = new SplittableRandom(((long) index << 32) ^ commit);
    while (buffer.hasRemaining()) {
      buffer.put((byte) ('a' + random.nextInt(26)));
    }
    return value;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i];
  }

  private static int number(String[] args, int i, String option) {
    String text = value(args, i, option).replace("_", "").replace(",", "");
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + option + " needs a whole number, not '" + text + "'", e);
    }
  }
}
