package io.prolly.backend.cassandra;

import io.prolly.spi.Hash;
import io.prolly.spi.support.RefMapSnapshot;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One committed state of the store: its refs as one serial read of the store's partition found
 * them, and its nodes as of that state's sequence number. Node rows written by later commits, or by
 * transactions that never commit, do not count, so the view never changes. Its lease ticket keeps
 * compaction from removing what it reads; each read checks afterwards that the lease held, and
 * throws {@link SnapshotLapsedException} if not.
 */
final class CassandraSnapshot extends RefMapSnapshot {

  private final NodeReader reader;
  private final long seq;
  private final SnapshotLeases.Ticket ticket;

  CassandraSnapshot(NodeReader reader, StoreState state, SnapshotLeases.Ticket ticket) {
    super(state.refs());
    this.reader = reader;
    this.seq = state.seq();
    this.ticket = ticket;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    byte[] node = reader.read(id, seq);
    ticket.check();
    return node;
  }

  @Override
  public boolean contains(Hash id) {
    NodeVersion version = reader.visible(id, seq);
    ticket.check();
    return version != null && !version.deleted();
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    ticket.check();
    reader.forEach(seq, action);
    ticket.check();
  }

  @Override
  public void close() {
    ticket.release();
  }
}
