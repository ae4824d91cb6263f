package io.prolly;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.prolly.commit.RefNames;
import io.prolly.spi.StoreStats;
import io.prolly.tree.NodeCache;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The {@link Maintenance} of one repository: its retention policies and its automatic collector. */
final class RepositoryMaintenance implements Maintenance {

  private final Repository repository;
  private final Map<String, Retention> retention = new ConcurrentHashMap<>();
  private final AutoCollector autoCollector;

  RepositoryMaintenance(Repository repository) {
    this.repository = repository;
    this.autoCollector = new AutoCollector(this);
  }

  @Override
  public GcReport gc() {
    RepositoryMetrics metrics = repository.metrics();
    GarbageCollector collector = new GarbageCollector(repository.nodeStore(), repository.sweepLock(),
        repository.progressListener());
    long start = System.nanoTime();
    metrics.gcStarted();
    boolean completed = false;
    try {
      GcReport report = collector.run();
      completed = true;
      return report;
    } finally {
      metrics.gcFinished(completed, collector.nodesDeleted(), System.nanoTime() - start);
    }
  }

  @Override
  public GcReport maintain() {
    retention.forEach((branch, policy) -> {
      if (repository.head(RefNames.branchRef(branch)) != null) {
        HistorySquash.run(repository, branch, policy);
      }
    });
    return gc();
  }

  @Override
  public VerifyReport verify() {
    return verify(progress -> { });
  }

  @Override
  public VerifyReport verify(Consumer<VerifyReport> progress) {
    if (progress == null) {
      throw new IllegalArgumentException("progress listener is null; use verify() for none");
    }
    VerifyReport report = new Verification(repository.signingKeys()).run(repository.backend(), progress);
    repository.metrics().verified(report.problems().size(), report.nodesChecked(), report.bytesChecked(),
        report.duration().toNanos());
    return report;
  }

  @Override
  public int squashHistory(String branch, Retention retention) {
    if (retention == null) {
      throw new IllegalArgumentException("retention is null; use Retention.keepLast(n) or keepSince(duration)");
    }
    return HistorySquash.run(repository, branch, retention);
  }

  @Override
  public void setRetention(String branch, @Nullable Retention policy) {
    RefNames.branchRef(branch);
    if (policy == null) {
      retention.remove(branch);
    } else {
      retention.put(branch, policy);
    }
  }

  @Override
  public void collectAutomatically(long highWaterBytes, long lowWaterBytes) {
    if (highWaterBytes < 0 || lowWaterBytes < 0 || (highWaterBytes > 0 && lowWaterBytes >= highWaterBytes)) {
      throw new IllegalArgumentException("water marks must be non-negative with low below high, got high "
          + highWaterBytes + " and low " + lowWaterBytes);
    }
    autoCollector.configure(highWaterBytes, lowWaterBytes);
  }

  @Override
  public void collectAutomatically(long highWaterBytes) {
    collectAutomatically(highWaterBytes, highWaterBytes / 10 * 8);
  }

  @Override
  public StoreStats stats() {
    return repository.nodeStore().stats();
  }

  @Override
  public NodeCacheStats cacheStats() {
    NodeCache cache = repository.cache();
    CacheStats counts = repository.cacheEvents().snapshot();
    return new NodeCacheStats(cache.estimatedSize(), cache.weightedSize(), cache.maximumBytes(), counts.hitCount(),
        counts.missCount(), counts.evictionCount());
  }

  @Override
  public String backend() {
    return repository.nodeStore().config().scheme();
  }

  /** After a commit: starts an automatic collection if the store grew past the high-water mark. */
  void afterCommit() {
    autoCollector.afterCommit();
  }

  /** Waits for a background collection to finish; for tests. */
  void awaitAutomaticCollection() throws InterruptedException {
    autoCollector.awaitIdle();
  }

  /** Stops the automatic collector; the repository is closing. */
  void close() {
    autoCollector.close();
  }
}
