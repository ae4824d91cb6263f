package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreStats;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The obviously correct model of a node store's state that the rules compare a backend with:
 * plain maps of nodes and refs.
 */
final class StoreModel {

  private final Map<Hash, byte[]> nodes;
  private final TreeMap<String, Hash> refs;

  StoreModel() {
    this(new HashMap<>(), new TreeMap<>());
  }

  private StoreModel(Map<Hash, byte[]> nodes, TreeMap<String, Hash> refs) {
    this.nodes = nodes;
    this.refs = refs;
  }

  StoreModel copy() {
    return new StoreModel(new HashMap<>(nodes), new TreeMap<>(refs));
  }

  void put(Hash id, byte[] node) {
    nodes.putIfAbsent(id, node);
  }

  void delete(Hash id) {
    nodes.remove(id);
  }

  void setRef(String name, @Nullable Hash value) {
    if (value == null) {
      refs.remove(name);
    } else {
      refs.put(name, value);
    }
  }

  @Nullable Hash ref(String name) {
    return refs.get(name);
  }

  Map<Hash, byte[]> nodes() {
    return nodes;
  }

  SortedMap<String, Hash> refs() {
    return refs;
  }

  long nodeBytes() {
    return nodes.values().stream().mapToLong(node -> node.length).sum();
  }

  /**
   * Asserts that a transaction sees exactly this state: every node of the model byte for byte,
   * none of the {@link Pools} nodes it lacks, the same refs (also by prefix), and the same node listing.
   */
  void assertSeenBy(ReadTransaction tx, String context) {
    nodes.forEach((id, node) -> {
      assertThat(tx.contains(id)).as("%s: contains(%s) of a node that exists", context, id.toShortHex()).isTrue();
      assertThat(tx.get(id)).as("%s: get(%s) returns the node's bytes", context, id.toShortHex()).isEqualTo(node);
    });
    for (Hash id : Pools.NODE_IDS) {
      if (!nodes.containsKey(id)) {
        assertThat(tx.contains(id)).as("%s: contains(%s) of a node that does not exist", context, id.toShortHex())
            .isFalse();
        assertThat(tx.get(id)).as("%s: get(%s) of a node that does not exist", context, id.toShortHex()).isNull();
      }
    }
    assertThat(tx.refs("")).as("%s: refs(\"\") lists every ref in name order", context)
        .containsExactlyEntriesOf(refs);
    for (String prefix : new String[] {"heads/", "tags/", "h", "heads/ü"}) {
      SortedMap<String, Hash> expected = new TreeMap<>();
      refs.forEach((name, value) -> {
        if (name.startsWith(prefix)) {
          expected.put(name, value);
        }
      });
      assertThat(tx.refs(prefix)).as("%s: refs(\"%s\")", context, prefix).containsExactlyEntriesOf(expected);
    }
    refs.forEach((name, value) -> assertThat(tx.ref(name)).as("%s: ref(%s)", context, name).isEqualTo(value));
    for (String name : Pools.REF_NAMES) {
      assertThat(tx.ref(name)).as("%s: ref(%s)", context, name).isEqualTo(refs.get(name));
    }
    assertThat(ContractBase.nodeIds(tx)).as("%s: forEachNode visits exactly the nodes", context)
        .isEqualTo(nodes.keySet());
  }

  /** Asserts that the store's committed state is this one, including its figures. */
  void assertCommittedIn(NodeStore store, String context) {
    try (ReadTransaction tx = store.beginRead()) {
      assertSeenBy(tx, context);
    }
    StoreStats stats = store.stats();
    assertThat(stats.nodeCount()).as("%s: stats().nodeCount()", context).isEqualTo(nodes.size());
    assertThat(stats.nodeBytes()).as("%s: stats().nodeBytes()", context).isEqualTo(nodeBytes());
    assertThat(stats.refCount()).as("%s: stats().refCount()", context).isEqualTo(refs.size());
  }
}
