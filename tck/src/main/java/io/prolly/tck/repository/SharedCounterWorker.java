package io.prolly.tck.repository;

import io.prolly.Codecs;
import io.prolly.error.ConcurrencyException;
import io.prolly.merge.MergeFn;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import java.util.List;

/**
 * One process of {@link SharedRepositoryRun}: opens the repository by its URI and commits
 * {@code increments} times, each commit adding one to every key; concurrent commits of other
 * processes are merged with {@link MergeFn#counter()}.
 */
public final class SharedCounterWorker {

  static final List<String> KEYS = List.of("apples", "pears", "plums");

  private SharedCounterWorker() {}

  /**
   * Runs the worker.
   *
   * @param args the store URI, the worker's number and the number of increments
   */
  public static void main(String[] args) {
    String uri = args[0];
    int worker = Integer.parseInt(args[1]);
    int increments = Integer.parseInt(args[2]);
    try (Repository repository = Prolly.open(uri)) {
      Store<Long> store = repository.store("main", Codecs.longs());
      store.setDefaultMergeFn(MergeFn.counter());
      for (int i = 0; i < increments; i++) {
        for (String key : KEYS) {
          store.set(key, store.getOrDefault(key, 0L) + 1);
        }
        commit(store, message(worker, i));
      }
    }
    System.out.println("worker " + worker + " done");
  }

  static String message(int worker, int increment) {
    return "worker " + worker + " increment " + increment;
  }

  private static void commit(Store<Long> store, String message) {
    while (true) {
      try {
        store.commit(message);
        return;
      } catch (ConcurrencyException busy) {
        // The branch kept moving through the store's own retries; the staged writes stay, go again.
      }
    }
  }
}
