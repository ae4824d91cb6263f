package io.prolly.bench;

import io.prolly.CommitResult;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The scale run: a repository of millions of keys (16-byte keys, 100-byte values) imported from a
 * stream into a persistent backend, then point gets and a small change at that size. Not a JMH
 * benchmark: each phase runs once, at a size that takes minutes, and what it reports is about
 * memory and disk as much as time. Run it with the heap it must fit in:
 *
 * <pre>
 * java -Xmx512m -cp bench/target/benchmarks.jar io.prolly.bench.ScaleRun --backend lmdb --keys 10000000 --dir /tmp/scale
 * </pre>
 *
 * <p>Options: {@code --backend file|lmdb|rocksdb|memory}, {@code --keys N} (10,000,000),
 * {@code --dir DIR} (created; must be empty or absent), {@code --gets N} (100,000),
 * {@code --change N} keys changed in the last phase (a 0.01 % change of the keys by default),
 * {@code --mode import|staged}: {@code import} streams the sorted entries through
 * {@link Repository#importSorted}, {@code staged} sets them one by one on a {@link Store} and
 * commits once (which holds every staged entry in the heap until the commit).
 */
public final class ScaleRun {

  static final int KEY_SIZE = 16;
  static final int VALUE_SIZE = 100;

  private ScaleRun() {}

  /**
   * Runs the scale run and prints its figures.
   *
   * @param args the options above
   * @throws IOException if the directory cannot be made or measured
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    String backend = options.getOrDefault("backend", "file");
    long keys = Long.parseLong(options.getOrDefault("keys", "10000000"));
    int gets = Integer.parseInt(options.getOrDefault("gets", "100000"));
    int change = Integer.parseInt(options.getOrDefault("change", Long.toString(Math.max(1, keys / 10_000))));
    String mode = options.getOrDefault("mode", "import");
    Path dir = Path.of(options.getOrDefault("dir", "/tmp/prolly-scale-" + backend));
    sampleAnonymousMemory();
    Files.createDirectories(dir);
    try (Stream<Path> existing = Files.list(dir)) {
      if (existing.findAny().isPresent()) {
        throw new IllegalArgumentException("directory " + dir + " is not empty; give an empty or new --dir");
      }
    }
    StoreConfig config = StoreConfig.parse(switch (backend) {
      case "memory" -> "memory:";
      case "file" -> "file:" + dir.resolve("scale.prolly");
      default -> backend + ":" + dir;
    });
    System.out.printf("scale run: backend %s, %,d keys of %d bytes, values of %d bytes, mode %s, max heap %,d MiB, "
        + "%d processors%n", backend, keys, KEY_SIZE, VALUE_SIZE, mode, Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());

    try (Repository repository = Prolly.open(config)) {
      long start = System.nanoTime();
      if (mode.equals("import")) {
        repository.importSorted("main", "", Codecs.bytes(), new Entries(keys), "import");
      } else if (mode.equals("staged")) {
        Store<byte[]> main = repository.store("main", Codecs.bytes());
        new Entries(keys).forEachRemaining(entry -> main.set(entry.getKey(), entry.getValue()));
        main.commit("import");
      } else {
        throw new IllegalArgumentException("unknown --mode " + mode + "; use import or staged");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("import: %,d entries in %.1f s: %,.0f entries/s%n", keys, seconds, keys / seconds);
      memory("after the import");
    }
    System.out.printf("disk after the import: %s%n", disk(dir));

    try (Repository repository = Prolly.open(config)) {
      Snapshot<byte[]> snapshot = repository.snapshot("main", Codecs.bytes());
      SplittableRandom random = new SplittableRandom(42);
      getPass("cold gets (repository just opened)", snapshot, random, keys, gets);
      getPass("warm gets", snapshot, random, keys, gets);

      Store<byte[]> main = repository.store("main", Codecs.bytes());
      for (int i = 0; i < change; i++) {
        long index = random.nextLong(keys);
        main.set(key(index), value(index, 1));
      }
      long start = System.nanoTime();
      CommitResult result = main.commit("change");
      double millis = (System.nanoTime() - start) / 1e6;
      System.out.printf("change: %,d keys (%.4f %%) staged and committed in %.1f ms (commit %s)%n", change,
          100.0 * change / keys, millis, result.id().toShortHex());
      for (int round = 2; round <= 4; round++) {
        for (int i = 0; i < change; i++) {
          long index = random.nextLong(keys);
          main.set(key(index), value(index, round));
        }
        start = System.nanoTime();
        main.commit("change " + round);
        System.out.printf("change again: %,d keys committed in %.1f ms%n", change, (System.nanoTime() - start) / 1e6);
      }
      memory("at the end");
    }
    System.out.printf("disk at the end: %s%n", disk(dir));
  }

  private static void getPass(String label, Snapshot<byte[]> snapshot, SplittableRandom random, long keys, int gets) {
    long start = System.nanoTime();
    long found = 0;
    for (int i = 0; i < gets; i++) {
      long index = random.nextLong(keys);
      byte[] value = snapshot.get(key(index));
      if (value != null && ByteBuffer.wrap(value).getLong() == index) {
        found++;
      }
    }
    double micros = (System.nanoTime() - start) / 1e3 / gets;
    if (found != gets) {
      throw new IllegalStateException(label + ": " + (gets - found) + " of " + gets + " keys missing or wrong");
    }
    System.out.printf("%s: %,d random point gets, %.1f µs/get%n", label, gets, micros);
  }

  /** The largest anonymous resident set seen (heap, native allocations; not pages of mapped files), in kB. */
  private static volatile long peakAnonKb;

  /** Samples the anonymous resident set every 50 ms: the kernel keeps a peak of the whole resident set only. */
  private static void sampleAnonymousMemory() {
    Thread sampler = new Thread(() -> {
      while (true) {
        try {
          long anon = kilobytes(field(Files.readString(Path.of("/proc/self/status")), "RssAnon"));
          peakAnonKb = Math.max(peakAnonKb, anon);
          Thread.sleep(50);
        } catch (IOException | InterruptedException | NumberFormatException e) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static long kilobytes(String field) {
    return Long.parseLong(field.replace("kB", "").trim());
  }

  /**
   * Peak resident set (VmHWM, which counts the pages of memory-mapped files such as LMDB's), peak
   * anonymous resident set (sampled), resident set now split into anonymous and file pages, and
   * heap in use after a full collection.
   */
  static void memory(String when) throws IOException {
    String status = Files.readString(Path.of("/proc/self/status"));
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf("memory %s: peak RSS %s, peak anonymous RSS %,d kB, RSS %s (anonymous %s, file %s), heap used "
        + "after GC %,d MiB%n", when, field(status, "VmHWM"), peakAnonKb, field(status, "VmRSS"),
        field(status, "RssAnon"), field(status, "RssFile"), heap >> 20);
  }

  private static String field(String status, String name) {
    return status.lines().filter(line -> line.startsWith(name + ":")).map(line -> line.substring(name.length() + 1).trim())
        .findFirst().orElse("unknown");
  }

  /** Bytes the directory's files hold (apparent size) and take on disk (allocated blocks, from du). */
  static String disk(Path dir) throws IOException {
    long apparent;
    try (Stream<Path> files = Files.walk(dir)) {
      apparent = files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
    String allocated = "unknown";
    try {
      Process du = new ProcessBuilder("du", "-s", "--block-size=1", dir.toString()).redirectErrorStream(true).start();
      String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (du.waitFor() == 0) {
        allocated = String.format("%,d", Long.parseLong(output.split("\\s+")[0]));
      }
    } catch (IOException | InterruptedException | NumberFormatException e) {
      // du is only a second opinion; the apparent size is printed anyway.
    }
    return String.format("%,d bytes apparent, %s bytes allocated", apparent, allocated);
  }

  /** Key {@code index}: 16 bytes, in the order of the indexes. */
  static String key(long index) {
    return String.format("k%015d", index);
  }

  /** 100 bytes: the index, the round, then bytes from a generator seeded by both (so they do not compress away). */
  static byte[] value(long index, int round) {
    byte[] value = new byte[VALUE_SIZE];
    SplittableRandom random = new SplittableRandom(index * 31 + round);
    for (int i = 16; i < VALUE_SIZE; i += 8) {
      long bits = random.nextLong();
      for (int b = 0; b < 8 && i + b < VALUE_SIZE; b++) {
        value[i + b] = (byte) (bits >>> (8 * b));
      }
    }
    ByteBuffer.wrap(value).putLong(index).putInt(round);
    return value;
  }

  /** The entries of a run, made as they are read: the stream holds none of them. */
  static final class Entries implements Iterator<Map.Entry<String, byte[]>> {
    private final long count;
    private long next;

    Entries(long count) {
      this.count = count;
    }

    @Override
    public boolean hasNext() {
      return next < count;
    }

    @Override
    public Map.Entry<String, byte[]> next() {
      if (next >= count) {
        throw new NoSuchElementException();
      }
      long index = next++;
      return Map.entry(key(index), value(index, 0));
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options come as --name value pairs; got " + String.join(" ", args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
