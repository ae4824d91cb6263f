package io.prolly.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Codecs;
import io.prolly.GcReport;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection deletes nodes; compaction then gives their space back: the store file
 * shrinks, and what is still reachable reads the same, also after reopening.
 */
class FileCompactionTest {

  @TempDir
  Path directory;

  @Test
  void gcThenCompactShrinksTheFileAndKeepsWhatIsReachable() {
    String uri = "file:" + directory.resolve("store.prolly");
    long grown;
    long compacted;
    try (Repository repository = Prolly.open(uri)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      for (int i = 0; i < 200; i++) {
        main.set(key(i), "kept " + i);
      }
      main.commit("kept");
      repository.createBranch("scratch", "main");
      Store<String> scratch = repository.store("scratch", Codecs.utf8());
      Random random = new Random(5);
      for (int commit = 0; commit < 10; commit++) {
        for (int i = 0; i < 400; i++) {
          scratch.set(key(random.nextInt(4000)), "x".repeat(500) + random.nextLong());
        }
        scratch.commit("scratch " + commit);
      }
      repository.deleteBranch("scratch");
      GcReport collected = repository.maintenance().gc();
      assertThat(collected.nodesDeleted()).as("nodes only the deleted branch reached").isPositive();
      grown = repository.maintenance().stats().storageBytes();

      compacted = repository.maintenance().compact().storageBytes();

      assertThat(compacted).as("file size after compaction, against %,d bytes before", grown).isLessThan(grown / 4);
      assertThat(repository.maintenance().verify().isClean()).as("everything reachable after compaction").isTrue();
      assertThat(main.size()).isEqualTo(200);
      main.set(key(0), "changed after compaction");
      main.commit("after compaction");
    }
    try (Repository repository = Prolly.open(uri)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      assertThat(main.get(key(0))).isEqualTo("changed after compaction");
      assertThat(main.get(key(199))).isEqualTo("kept 199");
      assertThat(repository.maintenance().verify().isClean()).as("everything reachable after reopening").isTrue();
      assertThat(repository.maintenance().stats().storageBytes()).as("file size after reopening")
          .isLessThan(grown / 4);
    }
  }

  private static String key(int i) {
    return String.format("k%06d", i);
  }
}
