package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingWriteTransaction;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SortedImportTest {

  private static Iterator<Map.Entry<String, String>> entries(int count) {
    return IntStream.range(0, count).mapToObj(i -> Map.entry(key(i), "value " + i)).iterator();
  }

  /** Entries with values of about 2 KB: a few per node, so that the tree writer hands nodes over early. */
  private static Iterator<Map.Entry<String, String>> large(int count) {
    return IntStream.range(0, count).mapToObj(i -> Map.entry(key(i), (i + " ").repeat(2000 / (1 + Integer.toString(i).length()))))
        .iterator();
  }

  private static String key(int i) {
    return String.format("k%07d", i);
  }

  @Test
  void importsASortedStreamAsOneCommitThatReadsLikeStagedWrites() {
    try (Repository imported = Prolly.inMemory(); Repository staged = Prolly.inMemory()) {
      CommitResult result = imported.importSorted("main", "n", Codecs.utf8(), entries(20_000), "import", 4096);
      assertThat(result.parent()).isNull();
      assertThat(imported.resolve("main")).isEqualTo(result.id());
      Snapshot<String> snapshot = imported.snapshot("main", Codecs.utf8());
      assertThat(snapshot.namespace("n").size()).isEqualTo(20_000);
      assertThat(snapshot.namespace("n").get(key(12_345))).isEqualTo("value 12345");
      assertThat(imported.log("main").map(CommitInfo::message).toList()).containsExactly("import");

      Store<String> store = staged.store("main", Codecs.utf8());
      entries(20_000).forEachRemaining(entry -> store.namespace("n").set(entry.getKey(), entry.getValue()));
      store.commit("staged");
      assertThat(imported.maintenance().verify().problems()).isEmpty();
      // History independence: the same entries give the same namespace tree however they were written.
      assertThat(imported.registryOf(imported.resolve("main")).root())
          .isEqualTo(staged.registryOf(staged.resolve("main")).root());
    }
  }

  @Test
  void replacesTheNamespaceAndKeepsTheOthers() {
    try (Repository repository = Prolly.inMemory()) {
      Store<String> store = repository.store("main", Codecs.utf8());
      store.namespace("n").set("old", "gone after the import");
      store.namespace("other").set("kept", "yes");
      Hash before = store.commit("before").id();

      CommitResult result = repository.importSorted("main", "n", Codecs.utf8(), entries(3), "import");
      assertThat(result.parent()).isEqualTo(before);
      Snapshot<String> snapshot = repository.snapshot("main", Codecs.utf8());
      assertThat(snapshot.namespace("n").keys().toList()).containsExactly(key(0), key(1), key(2));
      assertThat(snapshot.namespace("other").get("kept")).isEqualTo("yes");
    }
  }

  @Test
  void writesItsNodesInBoundedTransactionsAndMovesTheBranchInTheLast() {
    Recording recording = new Recording(new MemoryBackendProvider().open(StoreConfig.parse("memory:")));
    try (Repository repository = Prolly.over(recording)) {
      repository.importSorted("main", "", Codecs.utf8(), large(10_000), "import", 256 * 1024);
      assertThat(recording.transactions.size()).as("transactions").isGreaterThan(40);
      // A batch commits once it passes its size: by at most one node.
      assertThat(recording.transactions.stream().mapToLong(Written::bytes).max().orElseThrow())
          .isLessThan(256 * 1024 + 16 * 1024);
      Written last = recording.transactions.get(recording.transactions.size() - 1);
      assertThat(last.refs()).contains("heads/main");
      assertThat(recording.transactions.subList(0, recording.transactions.size() - 1))
          .allSatisfy(tx -> assertThat(tx.refs()).doesNotContain("heads/main"));
      assertThat(repository.snapshot("main", Codecs.utf8()).size()).isEqualTo(10_000);
    }
  }

  @Test
  void keysOutOfOrderAreRefusedAndTheBranchStaysWhereItWas() {
    try (Repository repository = Prolly.inMemory()) {
      Hash before = repository.importSorted("main", "", Codecs.utf8(), entries(10), "first").id();
      List<Map.Entry<String, String>> unsorted = new ArrayList<>();
      large(10_000).forEachRemaining(unsorted::add);
      unsorted.add(Map.entry(key(5), "again"));
      assertThatThrownBy(() -> repository.importSorted("main", "", Codecs.utf8(), unsorted.iterator(), "bad", 4096))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("strictly increasing").hasMessageContaining("entry 10000").hasMessageContaining(key(5));
      assertThat(repository.resolve("main")).isEqualTo(before);
      // What the failed import wrote before it failed is garbage: a collection deletes it.
      assertThat(repository.maintenance().gc().nodesDeleted()).isPositive();
      assertThat(repository.snapshot("main", Codecs.utf8()).size()).isEqualTo(10);
    }
  }

  @Test
  void badArgumentsAreRefused() {
    try (Repository repository = Prolly.inMemory()) {
      assertThatThrownBy(() -> repository.importSorted("main", "", Codecs.utf8(), null, "m"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entries");
      assertThatThrownBy(() -> repository.importSorted("main", "", null, entries(1), "m"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codec");
      assertThatThrownBy(() -> repository.importSorted("..", "", Codecs.utf8(), entries(1), "m"))
          .isInstanceOf(IllegalArgumentException.class);
      Iterator<Map.Entry<String, String>> nullValue = List.<Map.Entry<String, String>>of(
          new SimpleImmutableEntry<>("a", null)).iterator();
      assertThatThrownBy(() -> repository.importSorted("main", "", Codecs.utf8(), nullValue, "m"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value is null");
      assertThat(repository.branches()).isEmpty();
      repository.importSorted("main", "", Codecs.utf8(), entries(1), "m");
      assertThatThrownBy(() -> repository.importSorted("other", "", Codecs.utf8(), entries(1), "m"))
          .isInstanceOf(RevisionNotFoundException.class).hasMessageContaining("createBranch");
    }
  }

  @Test
  void aCommitDuringTheImportIsKeptAndBecomesItsParent() {
    try (Repository repository = Prolly.inMemory()) {
      repository.importSorted("main", "n", Codecs.utf8(), entries(1), "first");
      Iterator<Map.Entry<String, String>> source = entries(5_000);
      Hash[] meanwhile = new Hash[1];
      Iterator<Map.Entry<String, String>> committingMidway = new Iterator<>() {
        int taken;

        @Override
        public boolean hasNext() {
          return source.hasNext();
        }

        @Override
        public Map.Entry<String, String> next() {
          if (++taken == 2_500) {
            Store<String> other = repository.store("main", Codecs.utf8());
            other.namespace("other").set("k", "meanwhile");
            meanwhile[0] = other.commit("meanwhile").id();
          }
          return source.next();
        }
      };
      CommitResult result = repository.importSorted("main", "n", Codecs.utf8(), committingMidway, "import", 4096);
      assertThat(result.parent()).isEqualTo(meanwhile[0]);
      Snapshot<String> snapshot = repository.snapshot("main", Codecs.utf8());
      assertThat(snapshot.namespace("other").get("k")).isEqualTo("meanwhile");
      assertThat(snapshot.namespace("n").size()).isEqualTo(5_000);
    }
  }

  @Test
  void aCollectionByAnotherProcessDuringTheImportFailsItWithoutMovingTheBranch() {
    NodeStore shared = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
    try (Repository mine = Prolly.over(new Unclosed(shared)); Repository theirs = Prolly.over(new Unclosed(shared))) {
      Hash before = mine.importSorted("main", "", Codecs.utf8(), entries(10), "first").id();
      Iterator<Map.Entry<String, String>> source = large(10_000);
      Iterator<Map.Entry<String, String>> collectingMidway = new Iterator<>() {
        int taken;

        @Override
        public boolean hasNext() {
          return source.hasNext();
        }

        @Override
        public Map.Entry<String, String> next() {
          if (++taken == 5_000) {
            assertThat(theirs.maintenance().gc().nodesDeleted()).as("the import's nodes so far").isPositive();
          }
          return source.next();
        }
      };
      assertThatThrownBy(() -> mine.importSorted("main", "", Codecs.utf8(), collectingMidway, "import", 4096))
          .isInstanceOf(ConcurrencyException.class).hasMessageContaining("garbage collection");
      assertThat(mine.resolve("main")).isEqualTo(before);
      assertThat(mine.maintenance().verify().problems()).isEmpty();
    } finally {
      shared.close();
    }
  }

  /** What one write transaction put and which refs it set. */
  private record Written(long bytes, List<String> refs) {}

  /** Records every committed write transaction. */
  private static final class Recording extends ForwardingNodeStore {
    final List<Written> transactions = new ArrayList<>();

    Recording(NodeStore store) {
      super(store);
    }

    @Override
    public WriteTransaction beginWrite() {
      return new ForwardingWriteTransaction(delegate().beginWrite()) {
        private long bytes;
        private final List<String> refs = new ArrayList<>();

        @Override
        public void put(Hash id, byte[] node) {
          bytes += node.length;
          super.put(id, node);
        }

        @Override
        public void putAll(Map<Hash, byte[]> nodes) {
          nodes.values().forEach(node -> bytes += node.length);
          super.putAll(nodes);
        }

        @Override
        public void setRef(String name, @org.jspecify.annotations.Nullable Hash expected,
            @org.jspecify.annotations.Nullable Hash value) {
          refs.add(name);
          super.setRef(name, expected, value);
        }

        @Override
        public void commit() {
          super.commit();
          transactions.add(new Written(bytes, refs));
        }
      };
    }
  }

  /** A view of a store shared with another repository, as another process would share it: closing it leaves the store open. */
  private static final class Unclosed extends ForwardingNodeStore {
    Unclosed(NodeStore store) {
      super(store);
    }

    @Override
    public void close() {}
  }
}
