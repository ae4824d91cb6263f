package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingReadTransaction;
import org.jspecify.annotations.Nullable;

/**
 * The backend of a repository as the repository reads it: holds the repository's
 * {@link RepositoryMetrics} and, while they are not {@link RepositoryMetrics#NONE}, counts the
 * nodes and bytes each read transaction reads, reported when it closes. With no metrics the
 * backend's own transactions are handed out, unwrapped, so that reads cost what they did. Writes
 * are counted by {@link SweepGuardedWrite}, which sees every node a repository writes.
 *
 * <p>Thread-safe if the store is.
 */
final class MeteredNodeStore extends ForwardingNodeStore {

  private volatile RepositoryMetrics metrics = RepositoryMetrics.NONE;

  MeteredNodeStore(NodeStore store) {
    super(store);
  }

  RepositoryMetrics metrics() {
    return metrics;
  }

  void setMetrics(RepositoryMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public ReadTransaction beginRead() {
    RepositoryMetrics current = metrics;
    ReadTransaction tx = delegate().beginRead();
    return current == RepositoryMetrics.NONE ? tx : new CountingRead(tx, current);
  }

  private static final class CountingRead extends ForwardingReadTransaction {
    private final RepositoryMetrics metrics;
    private long nodes;
    private long bytes;
    private boolean closed;

    CountingRead(ReadTransaction delegate, RepositoryMetrics metrics) {
      super(delegate);
      this.metrics = metrics;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      byte[] node = super.get(id);
      if (node != null) {
        nodes++;
        bytes += node.length;
      }
      return node;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        if (!closed && nodes > 0) {
          metrics.nodesRead(nodes, bytes);
        }
        closed = true;
      }
    }
  }
}
