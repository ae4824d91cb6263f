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
 * transactions that never commit, do not count, so the view never changes. Holds nothing on the
 * server: closing it releases nothing there.
 *
 * <p>Since the view never changes, whether a node is present is remembered once read (for up to
 * {@value #REMEMBERED} nodes): a {@link #get} after {@link #contains} of an absent node, or a
 * {@link #contains} after a {@link #get}, costs no second read.
 */
final class CassandraSnapshot extends RefMapSnapshot {

  /** Remembered answers at most; a snapshot reading more nodes forgets them all and starts again. */
  static final int REMEMBERED = 4_096;

  private final NodeReader reader;
  private final long seq;
  /** Used by one thread at a time, as every snapshot is. */
  private final Map<Hash, Boolean> present = new HashMap<>();

  CassandraSnapshot(NodeReader reader, StoreState state) {
    super(state.refs());
    this.reader = reader;
    this.seq = state.seq();
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    if (Boolean.FALSE.equals(present.get(id))) {
      return null;
    }
    byte[] node = reader.read(id, seq);
    remember(id, node != null);
    return node;
  }

  @Override
  public boolean contains(Hash id) {
    Boolean known = present.get(id);
    if (known != null) {
      return known;
    }
    NodeVersion version = reader.visible(id, seq);
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
    reader.forEach(seq, action);
  }

  @Override
  public void close() {
    // Nothing to release: a snapshot is a sequence number and the refs read with it.
  }
}
