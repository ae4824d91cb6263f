package io.prolly.backend.cassandra;

/**
 * A transaction of a {@code cassandra:} store read after its snapshot lease lapsed: the process
 * could not renew the lease in time (it was paused, or the cluster was unreachable), so compaction
 * in another process may have removed versions the snapshot still needed, and what it would read
 * cannot be trusted. Nothing was changed; end the transaction and begin a new one.
 */
public class SnapshotLapsedException extends CassandraStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which snapshot lapsed and what to do
   */
  public SnapshotLapsedException(String message) {
    super(message, null);
  }
}
