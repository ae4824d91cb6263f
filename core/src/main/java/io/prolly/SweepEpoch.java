package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The value of the ref {@value #REF}, which keeps garbage collection safe while other processes
 * write to the same store (a server database shared by several application instances).
 *
 * <p>The in-process sweep lock cannot see another process's transactions, so the store itself
 * carries the protocol:
 *
 * <ul>
 *   <li>Every repository write transaction reads the epoch when it begins and, when it commits,
 *       sets the ref to the value it read (a compare-and-set to itself). If a sweep batch committed
 *       in between, the epoch moved and the transaction fails with nothing written; the operation
 *       is retried on the new state, like any lost race.
 *   <li>A sweep batch first commits a <em>running</em> epoch with a lease. That fails every write
 *       transaction still in flight, and writers that begin while it holds wait (they see the
 *       running epoch) until the batch ends or its lease runs out. The batch then marks from the
 *       refs as they are, deletes, and commits only if the epoch is still its own running value,
 *       moving it to the next idle one. No other write can commit inside that window, so the
 *       batch's view of the refs is the truth when it deletes.
 *   <li>A collector that died mid-batch leaves a running epoch behind; once its lease has passed,
 *       the next writer ends it (it moves the epoch on instead of to itself). If the collector was
 *       only slow, its batch then fails at commit and deletes nothing.
 * </ul>
 *
 * <p>The ref is internal: it is never marked, verified, listed with the branches, copied or
 * cloned. Its 32 bytes are not a node id but {@link #MAGIC}, the state, the generation and the
 * lease's end in epoch milliseconds.
 *
 * @param generation counts sweep batches, so that every batch leaves a value no writer has seen
 * @param running whether a sweep batch holds the store
 * @param leaseEndMillis when a running batch may be presumed dead, in epoch milliseconds; 0 when idle
 */
record SweepEpoch(long generation, boolean running, long leaseEndMillis) {

  /** The ref that holds the epoch. */
  static final String REF = "gc/epoch";

  /** How long a sweep batch may hold writers back before they presume its collector dead. */
  static final long LEASE_MILLIS = 30_000;

  /** The longest pause of a writer, or a collector, between looks at a batch that holds the store. */
  static final long MAX_LOOK_AGAIN_MILLIS = 20;

  /** The first value, written by the first write transaction of a repository. */
  static final SweepEpoch FIRST = new SweepEpoch(0, false, 0);

  private static final byte[] MAGIC = "prollyGC".getBytes(StandardCharsets.US_ASCII);
  private static final String INTERNAL_PREFIX = "gc/";

  /**
   * Reads the ref's value; null (no write yet) and values this version cannot read are taken as
   * idle, so that a damaged epoch can only cost a retry, never hold writers back.
   */
  static SweepEpoch of(@Nullable Hash value) {
    if (value == null) {
      return FIRST;
    }
    ByteBuffer bytes = ByteBuffer.wrap(value.toBytes());
    byte[] magic = new byte[MAGIC.length];
    bytes.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      return FIRST;
    }
    boolean running = bytes.get() == 1;
    bytes.position(16);
    return new SweepEpoch(bytes.getLong(), running, bytes.getLong());
  }

  /** Whether a ref belongs to the repository's machinery rather than to its history. */
  static boolean isInternal(String ref) {
    return ref.startsWith(INTERNAL_PREFIX) || ref.startsWith(PartialRefs.PREFIX);
  }

  /** The refs that hold history: every ref except the internal ones. */
  static SortedMap<String, Hash> historyRefs(SortedMap<String, Hash> refs) {
    SortedMap<String, Hash> history = new TreeMap<>(refs);
    history.keySet().removeIf(SweepEpoch::isInternal);
    return history;
  }

  /** Whether writers must wait: a batch is running and its lease has not run out. */
  boolean holdsWriters(long nowMillis) {
    return running && nowMillis < leaseEndMillis;
  }

  /** The epoch of a batch that starts now. */
  SweepEpoch startBatch(long nowMillis) {
    return new SweepEpoch(generation + 1, true, nowMillis + LEASE_MILLIS);
  }

  /** The idle epoch that follows this one. */
  SweepEpoch next() {
    return new SweepEpoch(generation + 1, false, 0);
  }

  /**
   * Records in a write transaction that it must fail if a sweep batch committed since it read
   * {@code seen}: sets the ref to the value it had, creates it if there was none, and moves on
   * from a running epoch whose lease has passed.
   *
   * @return the epoch the transaction leaves when it commits
   */
  static Hash assertNoSweepSince(WriteTransaction tx, @Nullable Hash seen) {
    SweepEpoch epoch = of(seen);
    Hash value = seen == null || epoch.running() ? epoch.next().toHash() : seen;
    tx.setRef(REF, seen, value);
    return value;
  }

  Hash toHash() {
    ByteBuffer bytes = ByteBuffer.allocate(Hash.LENGTH);
    bytes.put(MAGIC).put((byte) (running ? 1 : 0));
    bytes.position(16);
    bytes.putLong(generation).putLong(leaseEndMillis);
    return Hash.fromBytes(bytes.array());
  }
}
