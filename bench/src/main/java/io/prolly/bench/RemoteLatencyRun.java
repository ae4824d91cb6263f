package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.server.ProllyServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The round of {@link RemoteLatencyBenchmark} in a loop, counted rather than only timed: for the
 * push and for the pull, the requests the server answered, the CPU time of every thread of the
 * process (by thread name, numbers folded) and the wall time's tenth percentile, median and
 * ninetieth percentile. CPU time hardly moves with the machine's load, wall time does.
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.prolly.bench.RemoteLatencyRun file 100000 600 300}</pre>
 *
 * Arguments: backend ({@code file} or {@code memory}), keys, measured rounds, warm-up rounds.
 * Prints "MEASURE-START" and "MEASURE-END" on standard error around the measured rounds, for
 * tools such as {@code strace} that count system calls in between.
 */
public final class RemoteLatencyRun {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private RemoteLatencyRun() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      throw new IllegalArgumentException("give: backend (file or memory), keys, measured rounds, warm-up rounds");
    }
    String backend = args[0];
    int size = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int warm = Integer.parseInt(args[3]);
    try (ScratchDirectory scratch = new ScratchDirectory("prolly-remote-latency-run")) {
      run(scratch, backend, size, rounds, warm);
    }
  }

  private static void run(ScratchDirectory scratch, String backend, int size, int rounds, int warm) {
    Repository served = open(scratch, backend, "served");
    RepositoryBenchmark.loadMain(served, size);
    Repository writer = open(scratch, backend, "writer");
    Repository reader = open(scratch, backend, "reader");
    try (ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("repo", served).start()) {
      Remote remote = Prolly.remote(URI.create("http://127.0.0.1:" + server.port() + "/repo"));
      writer.transfer().cloneFrom(remote);
      reader.transfer().cloneFrom(remote);
      Store<byte[]> store = writer.store("main", Codecs.bytes());
      Phase push = new Phase("push", rounds);
      Phase pull = new Phase("pull", rounds);
      for (int n = 0; n < warm + rounds; n++) {
        store.set(RepositoryBenchmark.key(n % size), RepositoryBenchmark.value(n, 1 + n / size));
        store.commit("one key " + n);
        if (n == warm) {
          System.err.println("MEASURE-START");
        }
        int round = n - warm;
        push.measure(round, server, () -> writer.transfer().push(remote, "main"));
        pull.measure(round, server, () -> reader.transfer().pull(remote, "main"));
      }
      System.err.println("MEASURE-END");
      push.report();
      pull.report();
      long[] both = new long[rounds];
      Arrays.setAll(both, i -> push.wall[i] + pull.wall[i]);
      System.out.println("push+pull wall: " + percentiles(both));
    } finally {
      writer.close();
      reader.close();
      served.close();
    }
  }

  private static Repository open(ScratchDirectory scratch, String backend, String name) {
    return backend.equals("memory") ? Prolly.inMemory() : Prolly.open(scratch.path.resolve(name + ".prolly"));
  }

  /** One side of the round: its wall times, requests and CPU time by thread name. */
  private static final class Phase {
    final String name;
    final long[] wall;
    final Map<String, Long> cpu = new TreeMap<>();
    long requests;

    Phase(String name, int rounds) {
      this.name = name;
      this.wall = new long[rounds];
    }

    void measure(int round, ProllyServer server, Runnable call) {
      Map<Long, Long> cpuBefore = cpuById();
      long requestsBefore = server.requests();
      long start = System.nanoTime();
      call.run();
      long elapsed = System.nanoTime() - start;
      long answered = server.requests() - requestsBefore;
      Map<Long, Long> cpuAfter = cpuById();
      if (round < 0) {
        return;
      }
      wall[round] = elapsed;
      requests += answered;
      cpuAfter.forEach((id, nanos) -> {
        long spent = nanos - cpuBefore.getOrDefault(id, 0L);
        ThreadInfo info = THREADS.getThreadInfo(id);
        if (spent > 0 && info != null) {
          cpu.merge(info.getThreadName().replaceAll("[0-9]+", "#"), spent, Long::sum);
        }
      });
    }

    void report() {
      int rounds = wall.length;
      long total = cpu.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf("%s wall: %s; requests a round %.2f; CPU a round %.2f ms%n", name, percentiles(wall),
          requests / (double) rounds, total / 1e6 / rounds);
      cpu.forEach((thread, nanos) -> {
        if (nanos / rounds > 20_000) {
          System.out.printf("   %-40s %.3f ms%n", thread, nanos / 1e6 / rounds);
        }
      });
    }
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
    return String.format("p10 %.2f ms, median %.2f ms, p90 %.2f ms", sorted[n / 10] / 1e6, sorted[n / 2] / 1e6,
        sorted[n * 9 / 10] / 1e6);
  }
}
