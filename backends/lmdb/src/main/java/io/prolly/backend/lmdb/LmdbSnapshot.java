package io.prolly.backend.lmdb;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Snapshot;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Txn;

/** A snapshot that is an LMDB read transaction: the committed state when it began. */
final class LmdbSnapshot implements Snapshot {

  /** How many ids {@link #forEachNode} reads per cursor, so the action never runs inside one. */
  static final int ID_BATCH = 1024;

  private final LmdbEnvironment environment;
  private final Txn<byte[]> txn;
  private final boolean verifyNodes;

  LmdbSnapshot(LmdbEnvironment environment, boolean verifyNodes) {
    this.environment = environment;
    this.verifyNodes = verifyNodes;
    this.txn = environment.beginRead();
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    byte[] node = environment.read(() -> environment.nodes().get(txn, id));
    if (node != null && verifyNodes && !Hash.of(node).equals(id)) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " read from LMDB store '"
          + environment.directory().location() + "' has bytes that hash to " + Hash.of(node).toShortHex()
          + ", not to its id; the data file is damaged. Restore it from a backup");
    }
    return node;
  }

  @Override
  public boolean contains(Hash id) {
    return get(id) != null;
  }

  @Override
  public @Nullable Hash ref(String name) {
    return environment.read(() -> environment.refs().get(txn, name));
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    return environment.read(() -> environment.refs().list(txn, prefix));
  }

  /**
   * Reads the ids in batches and calls the action between reads: the action may then take as
   * long as it likes, even commit elsewhere and make the map grow, without holding up the map.
   */
  @Override
  public void forEachNode(Consumer<Hash> action) {
    Hash after = null;
    List<Hash> batch;
    do {
      Hash start = after;
      batch = environment.read(() -> environment.nodes().idsAfter(txn, start, ID_BATCH));
      batch.forEach(action);
      after = batch.isEmpty() ? null : batch.get(batch.size() - 1);
    } while (batch.size() == ID_BATCH);
  }

  @Override
  public void close() {
    environment.end(txn);
  }
}
