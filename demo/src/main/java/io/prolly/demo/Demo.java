package io.prolly.demo;

import io.prolly.ConcurrencyException;
import io.prolly.backend.Backends;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A tour of the storage layer every Prolly repository stands on: content-addressed nodes,
 * compare-and-set refs, atomic commits, snapshot reads and lost-update-free concurrency.
 * Run it with the store URI to use as the only argument; by default it uses a new store of the
 * default embedded backend ({@code file}) in a temporary folder, deleted afterwards.
 */
public final class Demo {

  private Demo() {}

  /**
   * Runs the tour.
   *
   * @param args optional store URI, such as {@code memory:} or {@code file:/tmp/demo.prolly}
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      run(args[0]);
      return;
    }
    Path folder = Files.createTempDirectory("prolly-demo-");
    try {
      run("file:" + folder.resolve("demo.prolly"));
    } finally {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void run(String uri) throws Exception {
    Backends backends = Backends.discover();
    System.out.println("Prolly storage demo. Backends on the class path: " + backends.providers().keySet());
    System.out.println("Opening '" + uri + "' (the versioned repository API arrives on top of this SPI).");
    try (NodeStore store = backends.open(uri)) {
      Hash base = step("Commit 100,000 content-addressed nodes and a branch ref in one transaction", () -> {
        Map<Hash, byte[]> nodes = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
          byte[] node = ("order-" + i + ": 3 widgets, shipped").getBytes(StandardCharsets.UTF_8);
          nodes.put(Hash.of(node), node);
        }
        Hash root = Hash.of("root of 100,000 orders".getBytes(StandardCharsets.UTF_8));
        try (WriteTransaction tx = store.beginWrite()) {
          tx.putAll(nodes);
          tx.put(root, "root of 100,000 orders".getBytes(StandardCharsets.UTF_8));
          tx.setRef("heads/main", null, root);
          tx.commit();
        }
        return root;
      });
      System.out.printf("  heads/main -> %s, %,d nodes stored%n", base.toShortHex(), store.stats().nodeCount());

      try (ReadTransaction snapshot = store.beginRead()) {
        step("Time travel: hold a snapshot, then move heads/main in a new commit", () -> {
          byte[] next = "root after the import".getBytes(StandardCharsets.UTF_8);
          try (WriteTransaction tx = store.beginWrite()) {
            tx.put(Hash.of(next), next);
            tx.setRef("heads/main", base, Hash.of(next));
            tx.commit();
          }
          return null;
        });
        try (ReadTransaction now = store.beginRead()) {
          System.out.printf("  the snapshot still sees heads/main -> %s; a new reader sees %s%n",
              snapshot.ref("heads/main").toShortHex(), now.ref("heads/main").toShortHex());
        }
      }

      step("A stale compare-and-set is refused, and nothing of its transaction is applied", () -> {
        byte[] orphan = "never committed".getBytes(StandardCharsets.UTF_8);
        try (WriteTransaction tx = store.beginWrite()) {
          tx.put(Hash.of(orphan), orphan);
          tx.setRef("heads/main", base, Hash.of(orphan));
          tx.commit();
        } catch (ConcurrencyException refused) {
          System.out.println("  refused: " + refused.getMessage());
        }
        try (ReadTransaction tx = store.beginRead()) {
          System.out.println("  the orphan node is stored: " + tx.contains(Hash.of(orphan)));
        }
        return null;
      });

      int threads = 4;
      int increments = 500;
      AtomicInteger retries = new AtomicInteger();
      step(String.format("%d threads x %d increments of one counter ref, retrying on conflict", threads, increments),
          () -> {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
              workers.add(pool.submit(() -> {
                for (int i = 0; i < increments; i++) {
                  while (!increment(store)) {
                    retries.incrementAndGet();
                  }
                }
                return null;
              }));
            }
            for (Future<?> worker : workers) {
              worker.get();
            }
            pool.shutdown();
            return null;
          });
      try (ReadTransaction tx = store.beginRead()) {
        System.out.printf("  counter = %d (expected %d), %d conflicts retried%n",
            counter(tx), threads * increments, retries.get());
      }
      System.out.println("Store figures: " + store.stats().asMap());
    }
    if (!uri.startsWith("memory:")) {
      step("Close the store and open it again: every commit is still there", () -> {
        try (NodeStore reopened = backends.open(uri); ReadTransaction tx = reopened.beginRead()) {
          System.out.printf("  counter = %d, heads/main -> %s, %,d nodes%n",
              counter(tx), tx.ref("heads/main").toShortHex(), reopened.stats().nodeCount());
        }
        return null;
      });
    }
  }

  private static boolean increment(NodeStore store) {
    try (WriteTransaction tx = store.beginWrite()) {
      Hash current = tx.ref("heads/counter");
      byte[] next = ("counter=" + (counter(tx) + 1)).getBytes(StandardCharsets.UTF_8);
      tx.put(Hash.of(next), next);
      tx.setRef("heads/counter", current, Hash.of(next));
      tx.commit();
      return true;
    } catch (ConcurrencyException lostRace) {
      return false;
    }
  }

  private static int counter(ReadTransaction tx) {
    Hash current = tx.ref("heads/counter");
    return current == null ? 0 : Integer.parseInt(new String(tx.get(current), StandardCharsets.UTF_8).substring(8));
  }

  private static <T> T step(String title, java.util.concurrent.Callable<T> body) throws Exception {
    System.out.println("* " + title);
    long start = System.nanoTime();
    T result = body.call();
    System.out.printf("  (%.1f ms)%n", (System.nanoTime() - start) / 1e6);
    return result;
  }
}
