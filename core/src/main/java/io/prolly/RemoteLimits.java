package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.RefName;
import io.prolly.spi.support.Arguments;

/**
 * How much one request may ask of a {@link RemoteEndpoint}: each bound is checked before anything
 * is allocated or stored, and a request beyond one is refused with a status and a message saying
 * which (413 for a body, 400 for a count or length) while the repository stays unchanged. The
 * defaults suit a server on the open network; see docs/protocol.md.
 *
 * @param maxPushBytes the largest push body, at least 1024 (default 1 GiB); beyond, 413
 * @param maxBatch the most ids of one {@code have} or {@code nodes} request, 4096 to 65536
 *     (default 65536); the server lists it among its capabilities as {@code max-batch=N}, and
 *     clients split their requests to fit
 * @param maxNodeBytes the largest node a push may carry, 65536 to {@link NodeStore#MAX_NODE_SIZE}
 *     (the default)
 * @param maxRefNameBytes the longest ref name of a push, 64 to {@link RefName#MAX_BYTES} (the
 *     default) UTF-8 bytes
 * @param maxWaiting the most {@code wait} requests (watches of a branch) that may wait on one
 *     repository at once, 1 to {@value #MAX_WAITING_BOUND} (default {@value #DEFAULT_MAX_WAITING});
 *     beyond, 503 with {@code Retry-After}. A waiting request holds no thread, but a connection and
 *     some 30 KB of the server's heap
 */
public record RemoteLimits(long maxPushBytes, int maxBatch, int maxNodeBytes, int maxRefNameBytes, int maxWaiting) {

  /** The lower bound of {@link #maxBatch}: the most ids a fetch asks in one {@code nodes} request. */
  public static final int MIN_BATCH = 4096;
  /** The default of {@link #maxWaiting}. */
  public static final int DEFAULT_MAX_WAITING = 1024;
  /** The upper bound of {@link #maxWaiting}. */
  public static final int MAX_WAITING_BOUND = 65536;

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if a bound is out of its range
   */
  public RemoteLimits {
    Arguments.check(maxPushBytes >= 1024, "maxPushBytes is " + maxPushBytes + "; allow at least 1024 bytes");
    Arguments.check(maxBatch >= MIN_BATCH && maxBatch <= RemoteProtocol.MAX_BATCH, "maxBatch is " + maxBatch
        + "; give " + MIN_BATCH + " to " + RemoteProtocol.MAX_BATCH + " ids (clients fetch up to " + MIN_BATCH
        + " at a time)");
    Arguments.check(maxNodeBytes >= 65536 && maxNodeBytes <= NodeStore.MAX_NODE_SIZE, "maxNodeBytes is "
        + maxNodeBytes + "; give 65536 to " + NodeStore.MAX_NODE_SIZE + " bytes");
    Arguments.check(maxRefNameBytes >= 64 && maxRefNameBytes <= RefName.MAX_BYTES, "maxRefNameBytes is "
        + maxRefNameBytes + "; give 64 to " + RefName.MAX_BYTES + " bytes");
    Arguments.check(maxWaiting >= 1 && maxWaiting <= MAX_WAITING_BOUND, "maxWaiting is " + maxWaiting + "; give 1 to "
        + MAX_WAITING_BOUND + " requests");
  }

  /**
   * Limits with the default {@link #maxWaiting}: the record's form before it had that bound.
   *
   * @param maxPushBytes as for the record
   * @param maxBatch as for the record
   * @param maxNodeBytes as for the record
   * @param maxRefNameBytes as for the record
   * @throws IllegalArgumentException if a bound is out of its range
   */
  public RemoteLimits(long maxPushBytes, int maxBatch, int maxNodeBytes, int maxRefNameBytes) {
    this(maxPushBytes, maxBatch, maxNodeBytes, maxRefNameBytes, DEFAULT_MAX_WAITING);
  }

  /**
   * Returns the defaults: pushes up to 1 GiB, 65536 ids a batch, nodes up to 16 MiB, ref names up
   * to 1024 bytes, 1024 requests waiting on a repository.
   *
   * @return the default limits
   */
  public static RemoteLimits defaults() {
    return new RemoteLimits(1L << 30, RemoteProtocol.MAX_BATCH, NodeStore.MAX_NODE_SIZE, RefName.MAX_BYTES,
        DEFAULT_MAX_WAITING);
  }

  /**
   * Returns these limits with another largest push body.
   *
   * @param bytes at least 1024
   * @return the new limits
   * @throws IllegalArgumentException if below 1024
   */
  public RemoteLimits withMaxPushBytes(long bytes) {
    return new RemoteLimits(bytes, maxBatch, maxNodeBytes, maxRefNameBytes, maxWaiting);
  }

  /**
   * Returns these limits with another batch size.
   *
   * @param ids 4096 to 65536
   * @return the new limits
   * @throws IllegalArgumentException if out of range
   */
  public RemoteLimits withMaxBatch(int ids) {
    return new RemoteLimits(maxPushBytes, ids, maxNodeBytes, maxRefNameBytes, maxWaiting);
  }

  /**
   * Returns these limits with another largest node.
   *
   * @param bytes 65536 to {@link NodeStore#MAX_NODE_SIZE}
   * @return the new limits
   * @throws IllegalArgumentException if out of range
   */
  public RemoteLimits withMaxNodeBytes(int bytes) {
    return new RemoteLimits(maxPushBytes, maxBatch, bytes, maxRefNameBytes, maxWaiting);
  }

  /**
   * Returns these limits with another longest ref name.
   *
   * @param bytes 64 to {@link RefName#MAX_BYTES}
   * @return the new limits
   * @throws IllegalArgumentException if out of range
   */
  public RemoteLimits withMaxRefNameBytes(int bytes) {
    return new RemoteLimits(maxPushBytes, maxBatch, maxNodeBytes, bytes, maxWaiting);
  }

  /**
   * Returns these limits with another most requests waiting on one repository.
   *
   * @param requests 1 to {@value #MAX_WAITING_BOUND}
   * @return the new limits
   * @throws IllegalArgumentException if out of range
   */
  public RemoteLimits withMaxWaiting(int requests) {
    return new RemoteLimits(maxPushBytes, maxBatch, maxNodeBytes, maxRefNameBytes, requests);
  }

  /** The largest body of a request other than a push: a commits request of the most wants and haves. */
  long maxQueryBytes() {
    return (long) Hash.LENGTH * (RemoteProtocol.MAX_WANTS + Math.max(maxBatch, RemoteProtocol.MAX_HAVES)) + 1024;
  }
}
