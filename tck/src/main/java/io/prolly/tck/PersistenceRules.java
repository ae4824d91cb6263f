package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/** Committed data survives close and reopen, at every durability level; nothing else does. */
@AddLifecycleHook(value = PersistentBackendsOnly.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
abstract class PersistenceRules extends ContractBase {

  PersistenceRules(BackendFixture fixture) {
    super(fixture);
  }

  /** Nodes, deletes and refs committed over several transactions come back after reopen. */
  @Contract(value = "Durability as configured by StoreConfig.durability(): after close() and a new open, every "
      + "committed change is there (NodeStore).",
      catches = "close() that does not flush the last commit, skips the sync with durability NONE, or persists puts "
      + "but not deletes or refs (self-test flaws: LOSES_THE_LAST_COMMIT_AT_CLOSE, "
      + "SKIPS_THE_SYNC_AT_CLOSE_WITHOUT_DURABILITY, FORGETS_DELETES_ON_REOPEN, FORGETS_REFS_ON_REOPEN)")
  @Property(tries = 50)
  void required_committedDataSurvivesReopenByteForByte(
      @ForAll("nodes") Map<Hash, byte[]> first, @ForAll("nodes") Map<Hash, byte[]> second,
      @ForAll Durability durability) {
    ContractBase.StoreHandle handle = newStore(durability);
    StoreModel model = AtomicityRules.seed(handle.store, first);
    try (WriteTransaction tx = handle.store.beginWrite()) {
      tx.putAll(second);
      second.forEach(model::put);
      Hash victim = first.keySet().iterator().next();
      if (!second.containsKey(victim)) {
        tx.delete(victim);
        model.delete(victim);
      }
      tx.setRef("tags/seed", tx.ref("tags/seed"), null);
      model.setRef("tags/seed", null);
      tx.setRef("heads/\u96ea", null, second.keySet().iterator().next());
      model.setRef("heads/\u96ea", second.keySet().iterator().next());
      tx.commit();
    }
    model.assertCommittedIn(handle.reopen(), "after close and reopen (durability " + durability + ")");
    model.assertCommittedIn(handle.reopen(), "after a second reopen");
  }

  /** A write transaction still open at close is rolled back: none of it is there after reopen. */
  @Contract(value = "close() rolls back every transaction still open (NodeStore.close).",
      catches = "close() that commits the open write transactions instead of rolling them back (self-test flaw: "
      + "COMMITS_OPEN_TRANSACTIONS_AT_CLOSE)")
  @Property(tries = 30)
  void required_uncommittedTransactionAtCloseIsGoneAfterReopen(
      @ForAll("nodes") Map<Hash, byte[]> first, @ForAll("nodes") Map<Hash, byte[]> staged) {
    ContractBase.StoreHandle handle = newStore();
    StoreModel model = AtomicityRules.seed(handle.store, first);
    WriteTransaction tx = handle.store.beginWrite();
    tx.putAll(staged);
    tx.setRef("heads/main", tx.ref("heads/main"), staged.keySet().iterator().next());
    tx.delete(first.keySet().iterator().next());
    model.assertCommittedIn(handle.reopen(), "after closing the store with a transaction open");
  }

  /** The largest node the SPI allows survives reopen intact. */
  @Contract(value = "Nodes of 0 to MAX_NODE_SIZE (16 MiB) bytes come back byte-identical, also after close and a "
      + "new open (NodeStore).",
      catches = "a size check of >= instead of >, or an engine whose value limit is below 16 MiB (self-test flaws: "
      + "REFUSES_A_NODE_OF_THE_MAXIMUM_SIZE, LOSES_THE_LAST_COMMIT_AT_CLOSE)")
  @Example
  void required_sixteenMiBNodeSurvivesReopen() {
    ContractBase.StoreHandle handle = newStore();
    byte[] node = new byte[NodeStore.MAX_NODE_SIZE];
    new Random(16).nextBytes(node);
    Hash id = commitNode(handle.store, node);
    try (ReadTransaction tx = handle.reopen().beginRead()) {
      assertThat(tx.get(id)).as("16 MiB node after reopen").isEqualTo(node);
    }
  }

  @Provide
  Arbitrary<Map<Hash, byte[]>> nodes() {
    return Generators.nodeMaps(40, 5000);
  }
}
