package io.prolly.bench;

import io.prolly.spi.Durability;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Edits;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.NodeCache;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeConfig;
import io.prolly.tree.TreeReader;
import io.prolly.tree.TreeWriter;
import java.util.Iterator;
import java.util.List;

/**
 * A memory store and a node cache big enough for every node of the benchmark trees, set up
 * outside the measured code: trees are built and edited with committed transactions, and warmed
 * into the cache by reading each of their nodes once.
 */
final class TreeFixture implements AutoCloseable {

  // The nodes of a million-entry tree take about 120 MB; room for two such trees.
  private static final long CACHE_BYTES = 512L << 20;

  final BenchStore bench = new BenchStore("memory", Durability.NONE);
  final NodeCache cache = NodeCache.create(CACHE_BYTES, false);

  /** Builds and commits a tree of the entries, which must be in increasing key order. */
  Tree build(List<Entry> entries) {
    return build(entries.iterator());
  }

  /** Builds and commits a tree of the entries, which must come in increasing key order. */
  Tree build(Iterator<Entry> entries) {
    try (WriteTransaction tx = bench.store.beginWrite()) {
      Tree tree = new TreeWriter(tx).build(TreeConfig.DEFAULT, entries);
      tx.commit();
      return tree;
    }
  }

  /** Applies and commits a batch of edits. */
  Tree apply(Tree tree, Edits edits) {
    try (WriteTransaction tx = bench.store.beginWrite()) {
      Tree result = new TreeWriter(tx, cache).apply(tree, edits);
      tx.commit();
      return result;
    }
  }

  /** Reads every node of the tree through the cache. */
  void warm(Tree tree) {
    try (ReadTransaction tx = bench.store.beginRead()) {
      new TreeReader(tx, cache).iterator(tree, KeyRange.all()).forEachRemaining(entry -> { });
    }
  }

  @Override
  public void close() {
    bench.close();
  }
}
