package io.prolly.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.prolly.Maintenance;
import io.prolly.RepositoryMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link RepositoryMetrics} of one repository as Micrometer meters. Every meter is registered
 * up front, one per tag combination, so that recording an event looks nothing up and allocates
 * nothing: it is an add to a counter or a timer.
 */
final class MicrometerRecorder implements RepositoryMetrics {

  private final List<Meter> meters = new ArrayList<>();
  private final Map<Outcome, Timer> commits = new EnumMap<>(Outcome.class);
  private final DistributionSummary commitAttempts;
  private final Map<Outcome, Timer> branchMerges = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Timer> commitMerges = new EnumMap<>(Outcome.class);
  private final Counter racesLost;
  private final Counter nodesRead;
  private final Counter bytesRead;
  private final Counter nodesWritten;
  private final Counter bytesWritten;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter cacheEvictions;
  private final Counter cacheEvictionBytes;
  private final AtomicInteger gcRunning = new AtomicInteger();
  private final Timer gcCompleted;
  private final Timer gcFailed;
  private final Counter gcNodesDeleted;
  private final Timer verifySound;
  private final Timer verifyProblems;
  private final Counter verifyProblemCount;
  private final Counter verifyNodes;
  private final Map<TransferKind, Timer> transfers = new EnumMap<>(TransferKind.class);
  private final Map<TransferKind, Counter> transferNodes = new EnumMap<>(TransferKind.class);
  private final Map<TransferKind, Counter> transferBytes = new EnumMap<>(TransferKind.class);

  MicrometerRecorder(MeterRegistry registry, Tags tags, Maintenance maintenance) {
    for (Outcome outcome : List.of(Outcome.COMMITTED, Outcome.MERGED, Outcome.CONFLICT, Outcome.FAILED)) {
      commits.put(outcome, timer(registry, "prolly.commit", "Store commits, all attempts included",
          tags.and("outcome", tag(outcome))));
    }
    commitAttempts = add(DistributionSummary.builder("prolly.commit.attempts")
        .description("How many times each commit was tried; more than one after lost races")
        .tags(tags).register(registry));
    for (Outcome outcome : List.of(Outcome.UP_TO_DATE, Outcome.FAST_FORWARD, Outcome.MERGED, Outcome.CONFLICT,
        Outcome.FAILED)) {
      branchMerges.put(outcome, merge(registry, tags, "branch", outcome));
    }
    for (Outcome outcome : List.of(Outcome.MERGED, Outcome.CONFLICT)) {
      commitMerges.put(outcome, merge(registry, tags, "commit", outcome));
    }
    racesLost = counter(registry, "prolly.cas.lost", null,
        "Ref compare-and-sets lost to another writer; the operation retries", tags);
    nodesRead = counter(registry, "prolly.backend.nodes.read", "nodes", "Nodes read from the backend", tags);
    bytesRead = counter(registry, "prolly.backend.bytes.read", "bytes", "Bytes of nodes read from the backend", tags);
    nodesWritten = counter(registry, "prolly.backend.nodes.written", "nodes", "Nodes written to the backend", tags);
    bytesWritten = counter(registry, "prolly.backend.bytes.written", "bytes", "Bytes of nodes written to the backend",
        tags);
    cacheHits = counter(registry, "prolly.cache.gets", null, "Node cache lookups", tags.and("result", "hit"));
    cacheMisses = counter(registry, "prolly.cache.gets", null, "Node cache lookups", tags.and("result", "miss"));
    cacheEvictions = counter(registry, "prolly.cache.evictions", null, "Nodes the cache dropped to stay in size", tags);
    cacheEvictionBytes = counter(registry, "prolly.cache.eviction.weight", "bytes", "Bytes the cache dropped", tags);
    add(Gauge.builder("prolly.cache.size", maintenance, m -> m.cacheStats().nodes())
        .description("Decoded nodes in the cache").baseUnit("nodes").tags(tags).register(registry));
    add(Gauge.builder("prolly.cache.bytes", maintenance, m -> m.cacheStats().bytes())
        .description("Bytes the cached nodes weigh").baseUnit("bytes").tags(tags).register(registry));
    add(Gauge.builder("prolly.cache.max.bytes", maintenance, m -> m.cacheStats().maximumBytes())
        .description("The most the cache holds").baseUnit("bytes").tags(tags).register(registry));
    add(Gauge.builder("prolly.cache.hit.ratio", maintenance, m -> m.cacheStats().hitRate())
        .description("Share of node cache lookups that hit, since the repository opened").tags(tags)
        .register(registry));
    add(Gauge.builder("prolly.gc.running", gcRunning, AtomicInteger::get)
        .description("Garbage collections running now").tags(tags).register(registry));
    gcCompleted = timer(registry, "prolly.gc", "Garbage collections", tags.and("outcome", "completed"));
    gcFailed = timer(registry, "prolly.gc", "Garbage collections", tags.and("outcome", "failed"));
    gcNodesDeleted = counter(registry, "prolly.gc.nodes.deleted", "nodes", "Nodes garbage collections deleted", tags);
    verifySound = timer(registry, "prolly.verify", "Verifications", tags.and("result", "sound"));
    verifyProblems = timer(registry, "prolly.verify", "Verifications", tags.and("result", "problems"));
    verifyProblemCount = counter(registry, "prolly.verify.problems", null, "Problems verifications found", tags);
    verifyNodes = counter(registry, "prolly.verify.nodes", "nodes", "Nodes verifications checked", tags);
    for (TransferKind kind : TransferKind.values()) {
      Tags kindTags = tags.and("kind", tag(kind));
      transfers.put(kind, timer(registry, "prolly.transfer", "Completed transfers", kindTags));
      transferNodes.put(kind, counter(registry, "prolly.transfer.nodes", "nodes", "Nodes transferred", kindTags));
      transferBytes.put(kind, counter(registry, "prolly.transfer.bytes", "bytes", "Bytes of nodes transferred",
          kindTags));
    }
  }

  /** Every meter registered, to remove them when unbinding. */
  List<Meter> meters() {
    return meters;
  }

  @Override
  public void commit(Outcome outcome, int attempts, long nanos) {
    Timer timer = commits.get(outcome);
    if (timer != null) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
    commitAttempts.record(attempts);
    Timer merge = commitMerges.get(outcome);
    if (merge != null) {
      merge.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void merge(Outcome outcome, long nanos) {
    Timer timer = branchMerges.get(outcome);
    if (timer != null) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void raceLost() {
    racesLost.increment();
  }

  @Override
  public void nodesRead(long nodes, long bytes) {
    nodesRead.increment(nodes);
    bytesRead.increment(bytes);
  }

  @Override
  public void nodesWritten(long nodes, long bytes) {
    nodesWritten.increment(nodes);
    bytesWritten.increment(bytes);
  }

  @Override
  public void cacheHits(int count) {
    cacheHits.increment(count);
  }

  @Override
  public void cacheMisses(int count) {
    cacheMisses.increment(count);
  }

  @Override
  public void cacheEviction(long bytes) {
    cacheEvictions.increment();
    cacheEvictionBytes.increment(bytes);
  }

  @Override
  public void gcStarted() {
    gcRunning.incrementAndGet();
  }

  @Override
  public void gcFinished(boolean completed, long nodesDeleted, long nanos) {
    gcRunning.decrementAndGet();
    (completed ? gcCompleted : gcFailed).record(nanos, TimeUnit.NANOSECONDS);
    gcNodesDeleted.increment(nodesDeleted);
  }

  @Override
  public void verified(int problems, long nodes, long bytes, long nanos) {
    (problems == 0 ? verifySound : verifyProblems).record(nanos, TimeUnit.NANOSECONDS);
    verifyProblemCount.increment(problems);
    verifyNodes.increment(nodes);
  }

  @Override
  public void transferred(TransferKind kind, long nodes, long bytes, long nanos) {
    transfers.get(kind).record(nanos, TimeUnit.NANOSECONDS);
    transferNodes.get(kind).increment(nodes);
    transferBytes.get(kind).increment(bytes);
  }

  private Timer merge(MeterRegistry registry, Tags tags, String origin, Outcome outcome) {
    return timer(registry, "prolly.merge", "Merges: of branches, and of commits whose branch had moved",
        tags.and("origin", origin).and("outcome", tag(outcome)));
  }

  private Timer timer(MeterRegistry registry, String name, String description, Tags tags) {
    return add(Timer.builder(name).description(description).tags(tags).register(registry));
  }

  private Counter counter(MeterRegistry registry, String name, @org.jspecify.annotations.Nullable String unit,
      String description, Tags tags) {
    return add(Counter.builder(name).baseUnit(unit).description(description).tags(tags).register(registry));
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
