package io.prolly.tck;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Compaction gives space back and changes no data: not for open transactions, later commits or a reopened store. */
abstract class CompactionRules extends ContractBase {

  CompactionRules(BackendFixture fixture) {
    super(fixture);
  }

  /**
   * After deletes, compact() keeps every node and ref that is left, byte for byte, also for a
   * transaction begun before the deletes, for commits after it and after reopen.
   */
  @Contract(value = "compact() changes no data: every node and ref reads the same before and after, also to "
      + "transactions open meanwhile (NodeStore.compact).",
      catches = "a compaction that drops live data while it rewrites what holds the deleted nodes, or that frees "
      + "what an open snapshot still reads (self-test flaw: COMPACTION_DROPS_A_NODE)")
  @Property(tries = 15)
  void required_compactionLosesNoNodeAndMovesNoRef(
      @ForAll("nodes") Map<Hash, byte[]> first, @ForAll("nodes") Map<Hash, byte[]> second) {
    ContractBase.StoreHandle handle = newStore();
    NodeStore store = handle.store;
    StoreModel model = AtomicityRules.seed(store, first);
    commit(store, second, Map.of("heads/second", second.keySet().iterator().next()));
    second.forEach(model::put);
    model.setRef("heads/second", second.keySet().iterator().next());
    StoreModel beforeDeletes = model.copy();
    try (ReadTransaction open = store.beginRead()) {
      // Leave most of the first batch as garbage, so that compaction has something to give back.
      try (WriteTransaction tx = store.beginWrite()) {
        int i = 0;
        for (Hash id : first.keySet()) {
          if (i++ % 4 != 0 && !second.containsKey(id) && !id.equals(model.ref("heads/main"))) {
            tx.delete(id);
            model.delete(id);
          }
        }
        tx.setRef("tags/seed", tx.ref("tags/seed"), null);
        model.setRef("tags/seed", null);
        tx.commit();
      }
      store.compact();
      beforeDeletes.assertSeenBy(open, "a transaction begun before the deletes and the compaction");
    }
    model.assertCommittedIn(store, "after compact()");
    byte[] later = bytes("committed after compaction");
    Hash laterId = commitNode(store, later);
    model.put(laterId, later);
    store.compact();
    model.assertCommittedIn(store, "after a commit and a second compact()");
    if (fixture().persistent()) {
      model.assertCommittedIn(handle.reopen(), "after compact() and reopen");
    }
  }

  @Provide
  Arbitrary<Map<Hash, byte[]>> nodes() {
    return Generators.nodeMaps(40, 5000);
  }
}
