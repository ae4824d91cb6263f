package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.merge.MergeResult;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Transfer#push}, {@link Transfer#pull} or {@link Transfer#cloneInto} did.
 *
 * @param nodesTransferred nodes copied: only those the receiving repository lacked
 * @param bytesTransferred bytes of the nodes copied
 * @param refsUpdated the refs the receiver now points elsewhere, such as {@code heads/main}
 * @param merge for a pull, what merging the fetched branch did; otherwise null
 * @param duration how long it took
 */
public record SyncReport(long nodesTransferred, long bytesTransferred, List<String> refsUpdated,
    @Nullable MergeResult merge, Duration duration) {

  /**
   * Copies the refs.
   *
   * @throws IllegalArgumentException if {@code refsUpdated} or {@code duration} is null
   */
  public SyncReport {
    refsUpdated = List.copyOf(Arguments.notNull(refsUpdated, "refsUpdated"));
    Arguments.notNull(duration, "duration");
  }
}
