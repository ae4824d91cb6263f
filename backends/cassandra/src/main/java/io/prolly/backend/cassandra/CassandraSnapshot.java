package io.prolly.backend.cassandra;

import io.prolly.spi.Hash;
import io.prolly.spi.support.RefMapSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One committed state of the store: its refs as one serial read of the store's partition found
 * them, and its nodes as of that state's sequence number. Node rows written by later commits, or by
 * transactions that never commit, do not count, so the view never changes. Its lease ticket keeps
 * compaction from removing what it reads; each read checks afterwards that the lease held, and
 * throws {@link SnapshotLapsedException} if not.
 *
 * <p>Since the view never changes, whether a node is present is remembered once read (for up to
 * {@value #REMEMBERED} nodes): a {@link #get} after {@link #contains} of an absent node, or a
 * {@link #contains} after a {@link #get}, costs no second read; the lease is checked all the same,
 * so a snapshot that lost its lease fails every read alike.
 */
final class CassandraSnapshot extends RefMapSnapshot {

  /** Remembered answers at most; a snapshot reading more nodes forgets them all and starts again. */
  static final int REMEMBERED = 4_096;

  private final NodeReader reader;
  private final long seq;
  private final SnapshotLeases.Ticket ticket;
  /** Used by one thread at a time, as every snapshot is. */
  private final Map<Hash, Boolean> present = new HashMap<>();

  CassandraSnapshot(NodeReader reader, StoreState state, SnapshotLeases.Ticket ticket) {
    super(state.refs());
    this.reader = reader;
    this.seq = state.seq();
    this.ticket = ticket;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    if (Boolean.FALSE.equals(present.get(id))) {
      ticket.check(); // a lapsed snapshot fails every read alike, remembered or not
      return null;
    }
    byte[] node = reader.read(id, seq);
    ticket.check();
    remember(id, node != null);
    return node;
  }

  @Override
  public boolean contains(Hash id) {
    Boolean known = present.get(id);
    if (known != null) {
      ticket.check();
      return known;
    }
    NodeVersion version = reader.visible(id, seq);
    ticket.check();
    boolean found = version != null && !version.deleted();
    remember(id, found);
    return found;
  }

  private void remember(Hash id, boolean found) {
    if (present.size() >= REMEMBERED) {
      present.clear();
    }
    present.put(id, found);
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
