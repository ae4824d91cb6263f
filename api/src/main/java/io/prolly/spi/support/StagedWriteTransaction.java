package io.prolly.spi.support;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.RefName;
import io.prolly.spi.WriteTransaction;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A write transaction that stages its changes in memory over a snapshot and hands them to the
 * store in one piece at commit.
 */
final class StagedWriteTransaction extends SnapshotReadTransaction implements WriteTransaction {

  private final Map<Hash, byte[]> puts = new HashMap<>();
  private final Set<Hash> deletes = new HashSet<>();
  private final Map<String, RefChange> refChanges = new TreeMap<>();

  StagedWriteTransaction(AbstractNodeStore store, Snapshot snapshot) {
    super(store, snapshot);
  }

  @Override
  public void put(Hash id, byte[] node) {
    checkNode(id, node);
    guard("write a node", () -> stage(id, node));
  }

  @Override
  public void putAll(Map<Hash, byte[]> nodes) {
    Arguments.notNull(nodes, "nodes");
    // Check everything first, so a bad entry stages nothing.
    nodes.forEach(StagedWriteTransaction::checkNode);
    guard("write nodes", () -> {
      nodes.forEach(this::stage);
      return null;
    });
  }

  @Override
  public void delete(Hash id) {
    checkId(id);
    guard("delete a node", () -> {
      puts.remove(id);
      deletes.add(id);
      return null;
    });
  }

  @Override
  public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
    RefName.check(name);
    guard("set a ref", () -> {
      Hash current = readRef(name);
      if (!Objects.equals(current, expected)) {
        throw new ConcurrencyException("ref '" + name + "' is " + Changes.describe(current) + ", not the expected "
            + Changes.describe(expected) + "; the ref was not changed");
      }
      RefChange earlier = refChanges.get(name);
      refChanges.put(name, new RefChange(earlier == null ? expected : earlier.expected(), value));
      return null;
    });
  }

  @Override
  public void commit() {
    guard("commit", () -> {
      Changes changes = new Changes(
          Collections.unmodifiableMap(puts),
          Collections.unmodifiableSet(deletes),
          Collections.unmodifiableMap(refChanges));
      boolean committed = false;
      try {
        if (!changes.isEmpty()) {
          store.commit(changes);
        }
        committed = true;
      } finally {
        end(committed ? "committed" : "rolled back after its commit failed");
      }
      return null;
    });
  }

  @Override
  public void rollback() {
    end("rolled back");
  }

  @Override
  public void close() {
    end("rolled back");
  }

  @Override
  byte @Nullable [] readNode(Hash id) {
    if (deletes.contains(id)) {
      return null;
    }
    byte[] staged = puts.get(id);
    return staged != null ? staged : super.readNode(id);
  }

  @Override
  boolean hasNode(Hash id) {
    return !deletes.contains(id) && (puts.containsKey(id) || super.hasNode(id));
  }

  @Override
  @Nullable Hash readRef(String name) {
    RefChange change = refChanges.get(name);
    return change != null ? change.value() : super.readRef(name);
  }

  @Override
  SortedMap<String, Hash> listRefs(String prefix) {
    SortedMap<String, Hash> refs = new TreeMap<>(super.listRefs(prefix));
    refChanges.forEach((name, change) -> {
      if (name.startsWith(prefix)) {
        if (change.value() == null) {
          refs.remove(name);
        } else {
          refs.put(name, change.value());
        }
      }
    });
    return Collections.unmodifiableSortedMap(refs);
  }

  @Override
  void visitNodes(Consumer<Hash> action) {
    super.visitNodes(id -> {
      if (!deletes.contains(id) && !puts.containsKey(id)) {
        action.accept(id);
      }
    });
    puts.keySet().forEach(action);
  }

  private Void stage(Hash id, byte[] node) {
    deletes.remove(id);
    puts.put(id, node);
    return null;
  }

  private static void checkNode(Hash id, byte[] node) {
    checkId(id);
    if (node == null) {
      throw new IllegalArgumentException("node " + id.toShortHex() + " is null; an empty node is new byte[0]");
    }
    if (node.length > NodeStore.MAX_NODE_SIZE) {
      throw new IllegalArgumentException("node " + id.toShortHex() + " has " + node.length
          + " bytes; the limit is " + NodeStore.MAX_NODE_SIZE + " (large values are chunked by Prolly's core)");
    }
  }
}
