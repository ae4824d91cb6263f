package io.prolly.backend.file;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Snapshot;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;

/**
 * One committed version of the store: the root pages of the node and ref maps taken together
 * under the commit lock. MVStore maps are copy-on-write, so these roots never change; the
 * registered version usage keeps MVStore from reusing the file space of their pages until the
 * snapshot is closed.
 */
final class FileSnapshot implements Snapshot {

  private final FileNodeStore.Roots roots;
  private final MVMap<Hash, byte[]> nodes;
  private final MVMap<String, Hash> refs;
  private final MVStore store;
  private final MVStore.TxCounter usage;
  private final StoreFailures failures;
  private final boolean verifyNodes;

  FileSnapshot(FileNodeStore.Roots roots, MVStore.TxCounter usage, StoreFailures failures, boolean verifyNodes) {
    StoreFile file = roots.file();
    this.roots = roots;
    this.nodes = file.nodes;
    this.refs = file.refs;
    this.store = file.store;
    this.usage = usage;
    this.failures = failures;
    this.verifyNodes = verifyNodes;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    byte[] node = read(() -> nodes.get(roots.nodes().root, id));
    if (node != null && verifyNodes && !Hash.of(node).equals(id)) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " read from store file '" + failures.location()
          + "' has bytes that hash to " + Hash.of(node).toShortHex() + ", not to its id; the file is damaged."
          + " Restore it from a backup");
    }
    return node;
  }

  @Override
  public boolean contains(Hash id) {
    return read(() -> nodes.get(roots.nodes().root, id) != null);
  }

  @Override
  public @Nullable Hash ref(String name) {
    return read(() -> refs.get(roots.refs().root, name));
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    return read(() -> {
      SortedMap<String, Hash> matching = new TreeMap<>();
      Cursor<String, Hash> cursor = refs.cursor(roots.refs(), prefix, null, false);
      while (cursor.hasNext()) {
        String name = cursor.next();
        if (!name.startsWith(prefix)) {
          break;
        }
        matching.put(name, cursor.getValue());
      }
      return Collections.unmodifiableSortedMap(matching);
    });
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    Cursor<Hash, byte[]> cursor = read(() -> nodes.cursor(roots.nodes(), null, null, false));
    while (read(cursor::hasNext)) {
      // The action runs outside read(): its own exceptions are not store damage.
      action.accept(cursor.next());
    }
  }

  @Override
  public void close() {
    store.deregisterVersionUsage(usage);
  }

  private <T> T read(Supplier<T> body) {
    try {
      return InterruptShield.call(body);
    } catch (RuntimeException e) {
      throw failures.onRead(e);
    }
  }
}
