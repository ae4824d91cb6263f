package io.prolly;

import io.prolly.spi.support.Arguments;
import java.time.Duration;

/**
 * What {@link Maintenance#gc()} did.
 *
 * @param nodesBefore nodes stored before
 * @param bytesBefore bytes of stored nodes before
 * @param nodesAfter nodes stored after
 * @param bytesAfter bytes of stored nodes after
 * @param nodesDeleted nodes found unreachable and deleted
 * @param duration how long it took
 */
public record GcReport(long nodesBefore, long bytesBefore, long nodesAfter, long bytesAfter, long nodesDeleted,
    Duration duration) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if {@code duration} is null
   */
  public GcReport {
    Arguments.notNull(duration, "duration");
  }

  /**
   * Returns the bytes of node data freed.
   *
   * @return {@code bytesBefore - bytesAfter}; may be off by what concurrent commits wrote meanwhile
   */
  public long bytesFreed() {
    return bytesBefore - bytesAfter;
  }
}
