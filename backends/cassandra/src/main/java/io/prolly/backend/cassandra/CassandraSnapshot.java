package io.prolly.backend.cassandra;

import io.prolly.spi.Hash;
import io.prolly.spi.support.RefMapSnapshot;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One committed state of the store: its refs as one serial read of the store's partition found
 * them, and its nodes as of that state's sequence number. Node rows written by later commits, or by
 * transactions that never commit, do not count, so the view never changes. Holds nothing on the
 * server: closing it releases nothing there.
 */
final class CassandraSnapshot extends RefMapSnapshot {

  private final NodeReader reader;
  private final long seq;

  CassandraSnapshot(NodeReader reader, StoreState state) {
    super(state.refs());
    this.reader = reader;
    this.seq = state.seq();
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    return reader.read(id, seq);
  }

  @Override
  public boolean contains(Hash id) {
    NodeVersion version = reader.visible(id, seq);
    return version != null && !version.deleted();
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    reader.forEach(seq, action);
  }

  @Override
  public void close() {
    // Nothing to release: a snapshot is a sequence number and the refs read with it.
  }
}
