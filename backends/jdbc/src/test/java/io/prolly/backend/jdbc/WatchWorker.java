package io.prolly.backend.jdbc;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;

/**
 * The other process of {@link JdbcCrossProcessWatchTest}: opens the repository by its URI and
 * commits {@code commits} times to {@code main}, each commit named by its number.
 */
public final class WatchWorker {

  private WatchWorker() {}

  /**
   * Runs the worker.
   *
   * @param args the store URI and the number of commits
   */
  public static void main(String[] args) {
    int commits = Integer.parseInt(args[1]);
    try (Repository repository = Prolly.open(args[0])) {
      Store<String> store = repository.store("main", Codecs.utf8());
      for (int i = 0; i < commits; i++) {
        store.set("count", Integer.toString(i));
        store.commit(message(i));
      }
    }
    System.out.println("watch worker done");
  }

  static String message(int commit) {
    return "commit " + commit + " of the other process";
  }
}
