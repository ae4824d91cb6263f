package io.prolly.bench;

import com.sun.management.OperatingSystemMXBean;
import io.prolly.Prolly;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.server.ProllyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clone of {@link RemoteCloneBenchmark} in a loop, counted rather than only timed: for each
 * clone its wall time, the process's CPU time and the CPU time of every live thread (by thread
 * name, numbers folded; what is left of the process's time went to threads that ended during the
 * clone, such as its reading thread, and to the JVM's own: GC and JIT). CPU time hardly moves with
 * the machine's load, wall time does.
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.prolly.bench.RemoteCloneRun memory 1000000 10 3}</pre>
 *
 * Arguments: target ({@code file} or {@code memory}), keys, measured clones, warm-up clones.
 */
public final class RemoteCloneRun {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean PROCESS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private RemoteCloneRun() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      throw new IllegalArgumentException("give: target (file or memory), keys, measured clones, warm-up clones");
    }
    String target = args[0];
    int size = Integer.parseInt(args[1]);
    int clones = Integer.parseInt(args[2]);
    int warm = Integer.parseInt(args[3]);
    try (ScratchDirectory scratch = new ScratchDirectory("prolly-remote-clone-run")) {
      run(scratch, target, size, clones, warm);
    }
  }

  private static void run(ScratchDirectory scratch, String target, int size, int clones, int warm) {
    try (Repository served = Prolly.open(scratch.path.resolve("served.prolly"))) {
      RepositoryBenchmark.loadMain(served, size);
      try (ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
          .serve("repo", served).start()) {
        Remote remote = Prolly.remote(URI.create("http://127.0.0.1:" + server.port() + "/repo"));
        long[] wall = new long[clones];
        long[] process = new long[clones];
        Map<String, Long> cpu = new TreeMap<>();
        for (int n = 0; n < warm + clones; n++) {
          Path destination = scratch.path.resolve("clone-" + n + ".prolly");
          Map<Long, Long> cpuBefore = cpuById();
          long processBefore = PROCESS.getProcessCpuTime();
          long gcBefore = gcMillis();
          long start = System.nanoTime();
          try (Repository clone = target.equals("file") ? Prolly.open(destination) : Prolly.inMemory()) {
            clone.transfer().cloneFrom(remote);
          }
          long elapsed = System.nanoTime() - start;
          long processSpent = PROCESS.getProcessCpuTime() - processBefore;
          long gcSpent = gcMillis() - gcBefore;
          Map<Long, Long> cpuAfter = cpuById();
          delete(destination);
          int round = n - warm;
          System.out.printf("clone %d: %.1f ms wall, %.1f ms CPU, %d ms in GC pauses%n", n, elapsed / 1e6,
              processSpent / 1e6, gcSpent);
          if (round < 0) {
            continue;
          }
          wall[round] = elapsed;
          process[round] = processSpent;
          cpuAfter.forEach((id, nanos) -> {
            long spent = nanos - cpuBefore.getOrDefault(id, 0L);
            ThreadInfo info = THREADS.getThreadInfo(id);
            if (spent > 0 && info != null) {
              cpu.merge(info.getThreadName().replaceAll("[0-9]+", "#"), spent, Long::sum);
            }
          });
        }
        long threads = cpu.values().stream().mapToLong(Long::longValue).sum();
        long total = Arrays.stream(process).sum();
        System.out.printf("wall: %s; process CPU a clone %.1f ms%n", percentiles(wall), total / 1e6 / clones);
        cpu.forEach((thread, nanos) -> {
          if (nanos / clones > 1_000_000) {
            System.out.printf("   %-40s %.1f ms%n", thread, nanos / 1e6 / clones);
          }
        });
        System.out.printf("   %-40s %.1f ms%n", "(ended threads, GC, JIT)", (total - threads) / 1e6 / clones);
      }
    }
  }

  private static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (var files = Files.walk(path)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static Map<Long, Long> cpuById() {
    Map<Long, Long> cpu = new TreeMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long nanos = THREADS.getThreadCpuTime(id);
      if (nanos >= 0) {
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }

  private static String percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return String.format("min %.1f ms, median %.1f ms, max %.1f ms", sorted[0] / 1e6, sorted[n / 2] / 1e6,
        sorted[n - 1] / 1e6);
  }
}
