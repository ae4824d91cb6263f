package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prolly.error.BackendNotFoundException;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.error.ProllyException;
import io.prolly.Repository;
import io.prolly.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uses the installed artifacts the way an application does: open, commit, reopen, read back. */
class ConsumerTest {

  @TempDir Path directory;

  @Test
  void anInMemoryRepositoryWorksWithCoreAlone() {
    try (Repository repo = Prolly.inMemory()) {
      commit(repo, "in memory");
      assertEquals("in memory", read(repo));
    }
  }

  @Test
  void aPathOpensTheDefaultFileBackend() {
    Path file = directory.resolve("app.prolly");
    try (Repository repo = Prolly.open(file)) {
      commit(repo, "by path");
    }
    try (Repository repo = Prolly.open(file)) {
      assertEquals("by path", read(repo));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "file", "lmdb", "rocksdb"})
  void everyBackendIsFoundByItsScheme(String scheme) {
    String uri = scheme + ":" + directory.resolve(scheme);
    try (Repository repo = Prolly.open(uri)) {
      commit(repo, scheme);
      assertEquals(scheme, read(repo));
    }
  }

  @Test
  void theJdbcBackendIsFoundByItsScheme() {
    // Nothing listens on port 9 here: the jdbc backend, found by its scheme, is what fails.
    ProllyException failure = assertThrows(ProllyException.class,
        () -> Prolly.open("jdbc:postgresql://127.0.0.1:9/none?retries=0"));
    assertFalse(failure instanceof BackendNotFoundException, failure::toString);
  }

  private static void commit(Repository repo, String value) {
    Store<String> store = repo.store("main", Codecs.utf8());
    store.set("greeting", value);
    store.commit("first commit");
  }

  private static String read(Repository repo) {
    return repo.snapshot("main", Codecs.utf8()).get("greeting");
  }
}
