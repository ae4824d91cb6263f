package io.prolly.tck.repository;

import io.prolly.Codecs;
import io.prolly.GcReport;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The collecting process of {@link SharedRepositoryRun}: until a stop file appears, makes garbage
 * that looks like the counter workers' next commits and collects it. A scratch branch gets the
 * counters one to {@value #AHEAD} ahead of {@code main}, so its tree nodes are the ones the
 * workers' next commits write;
 * deleting the branch leaves them unreachable, and the sweep deletes them unless that commit has
 * made them reachable again, which is the race the sweep protocol must win.
 */
public final class SharedCollectorWorker {

  private static final int AHEAD = 3;

  private SharedCollectorWorker() {}

  /**
   * Runs the collector; prints how many collections ran and how many nodes they deleted.
   *
   * @param args the store URI and the stop file
   */
  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    Path stop = Path.of(args[1]);
    int runs = 0;
    long deleted = 0;
    try (Repository repository = Prolly.open(uri)) {
      do {
        repository.createBranch("scratch", "main");
        Store<Long> scratch = repository.store("scratch", Codecs.longs());
        for (int ahead = 1; ahead <= AHEAD; ahead++) {
          for (String key : SharedCounterWorker.KEYS) {
            scratch.set(key, scratch.getOrDefault(key, 0L) + 1);
          }
          scratch.commit("increment " + ahead + " ahead, as garbage");
        }
        repository.deleteBranch("scratch");
        GcReport report = repository.maintenance().gc();
        runs++;
        deleted += report.nodesDeleted();
      } while (!Files.exists(stop));
    }
    System.out.println("collector: " + runs + " collections deleted " + deleted + " nodes");
  }
}
