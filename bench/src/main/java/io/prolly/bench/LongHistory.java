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
 * The first commit is made through a store; the others are written straight to the backend in
 * transactions of 10,000 (each records the first commit's namespaces, a new message and a later
 * time), which makes a history of 100,000 commits in seconds instead of the minutes 100,000 store
 * commits take.
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
    Hash head;
    try (Repository repository = Prolly.open(uri)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      main.set("key", "value");
      head = main.commit("commit 0").id();
    }
    try (NodeStore store = Backends.discover().open(StoreConfig.parse(uri))) {
      Commit first;
      try (var tx = store.beginRead()) {
        first = Commit.decode(head, tx.get(head));
      }
      Instant start = first.timestamp();
      for (int done = 1; done < commits; ) {
        try (WriteTransaction tx = store.beginWrite()) {
          Hash before = head;
          for (int end = Math.min(commits, done + 10_000); done < end; done++) {
            Commit commit = new Commit(first.root(), List.of(head), first.author(), "commit " + done,
                start.plusSeconds(done), new TreeMap<>());
            head = commit.writeTo(tx);
          }
          tx.setRef("heads/main", before, head);
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
