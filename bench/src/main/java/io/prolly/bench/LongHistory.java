package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.backend.Backends;
import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * A repository whose {@code main} holds a long line of small commits, in a throwaway directory.
 * A first commit is made through a store, for its namespaces; then the history is written straight
 * to the backend in transactions of 10,000 (each commit records those namespaces, a new message and
 * a time one second after its parent's, the last one second before the first commit's), which makes
 * a history of 100,000 commits in seconds instead of the minutes 100,000 store commits take.
 */
public final class LongHistory implements AutoCloseable {

  /** The repository's location, as {@code prolly --repo} takes it. */
  public final String uri;
  private final ScratchDirectory directory;

  /**
   * Makes the history.
   *
   * @param backend the backend's scheme: {@code lmdb}, {@code rocksdb} or {@code file}
   * @param commits how many commits {@code main} has
   */
  public LongHistory(String backend, int commits) {
    directory = new ScratchDirectory("prolly-log-" + backend + "-");
    uri = backend.equals("file") ? "file:" + directory.path.resolve("log.prolly") : backend + ":" + directory.path;
    Hash made;
    try (Repository repository = Prolly.open(uri)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      main.set("key", "value");
      made = main.commit("commit 0").id();
    }
    try (NodeStore store = Backends.discover().open(StoreConfig.parse(uri))) {
      Commit first;
      try (var tx = store.beginRead()) {
        first = Commit.decode(made, tx.get(made));
      }
      // One commit a second up to the first commit's time, so the history lies in the past and
      // commits made on it later are newer than all of it, as on a real repository.
      Instant start = first.timestamp().minusSeconds(commits);
      Hash head = null; // the store's commit only lends its namespaces: the written history replaces it
      for (int done = 0; done < commits; ) {
        try (WriteTransaction tx = store.beginWrite()) {
          for (int end = Math.min(commits, done + 10_000); done < end; done++) {
            Commit commit = new Commit(first.root(), head == null ? List.of() : List.of(head), first.author(),
                "commit " + done, start.plusSeconds(done), new TreeMap<>());
            head = commit.writeTo(tx);
          }
          tx.setRef("heads/main", tx.ref("heads/main"), head);
          tx.commit();
        }
      }
    }
  }

  @Override
  public void close() {
    directory.close();
  }
}
