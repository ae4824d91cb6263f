package io.prolly.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.prolly.Repository;
import io.prolly.RepositoryMetrics;
import io.prolly.spi.support.Arguments;
import org.jspecify.annotations.Nullable;

/**
 * Binds a repository's metrics to a Micrometer registry: a {@link MeterBinder}, so that
 * frameworks that bind every binder they find (Spring Boot) take it as it is.
 *
 * <pre>{@code
 * Repository repo = Prolly.open("file:/var/lib/app/state.prolly");
 * ProllyMetrics metrics = new ProllyMetrics(repo, "state");
 * metrics.bindTo(registry);     // meters tagged repository=state, backend=file
 * ...
 * metrics.close();              // uninstalls the recorder and removes the meters
 * }</pre>
 *
 * <p>The meters, each tagged {@code repository} (the name given here) and {@code backend} (the
 * backend's scheme):
 * <ul>
 *   <li>{@code prolly.commit} (timer, tag {@code outcome} = committed, merged, conflict, failed) and
 *       {@code prolly.commit.attempts} (distribution summary): store commits;
 *   <li>{@code prolly.merge} (timer, tags {@code origin} = branch or commit, {@code outcome} =
 *       up_to_date, fast_forward, merged, conflict, failed): branch merges, and commits that merged
 *       with a branch that had moved;
 *   <li>{@code prolly.cas.lost} (counter): ref compare-and-sets lost to another writer, each of
 *       them retried;
 *   <li>{@code prolly.backend.nodes.read}, {@code prolly.backend.bytes.read},
 *       {@code prolly.backend.nodes.written}, {@code prolly.backend.bytes.written} (counters);
 *   <li>{@code prolly.cache.gets} (counter, tag {@code result} = hit or miss),
 *       {@code prolly.cache.evictions}, {@code prolly.cache.eviction.weight} (counters),
 *       {@code prolly.cache.size}, {@code prolly.cache.bytes}, {@code prolly.cache.max.bytes}
 *       (gauges): the cache of decoded nodes;
 *   <li>{@code prolly.gc} (timer, tag {@code outcome} = completed or failed),
 *       {@code prolly.gc.nodes.deleted} (counter), {@code prolly.gc.running} (gauge);
 *   <li>{@code prolly.verify} (timer, tag {@code result} = sound or problems),
 *       {@code prolly.verify.problems}, {@code prolly.verify.nodes} (counters);
 *   <li>{@code prolly.transfer} (timer), {@code prolly.transfer.nodes}, {@code prolly.transfer.bytes}
 *       (counters), tag {@code kind} = clone, copy, push, pull, bundle_export, bundle_import.
 * </ul>
 * No meter is tagged with a branch: branch names are chosen by applications and unbounded, and
 * every distinct tag value is a time series. Per-branch figures are in the flight recorder's
 * events ({@code io.prolly.Commit} and {@code io.prolly.Merge} carry the branch).
 *
 * <p>A binder binds to one registry (use a {@code CompositeMeterRegistry} for several), and
 * installs its recorder with {@link Repository#setMetrics}, replacing any other. Thread-safe.
 */
public final class ProllyMetrics implements MeterBinder, AutoCloseable {

  private final Repository repository;
  private final Tags tags;
  private @Nullable MeterRegistry registry;
  private @Nullable MicrometerRecorder recorder;

  /**
   * Creates a binder with the tags {@code repository} and {@code backend}.
   *
   * @param repository the repository whose metrics to record
   * @param name the {@code repository} tag, such as {@code orders}
   * @throws IllegalArgumentException if an argument is null or the name is blank
   */
  public ProllyMetrics(Repository repository, String name) {
    this(repository, name, Tags.empty());
  }

  /**
   * Creates a binder with the tags {@code repository}, {@code backend} and more.
   *
   * @param repository the repository whose metrics to record
   * @param name the {@code repository} tag, such as {@code orders}
   * @param extraTags tags every meter carries besides those two
   * @throws IllegalArgumentException if an argument is null or the name is blank
   */
  public ProllyMetrics(Repository repository, String name, Iterable<Tag> extraTags) {
    this.repository = Arguments.notNull(repository, "repository");
    Arguments.notNull(name, "name");
    Arguments.check(!name.isBlank(), "name must not be blank; name the repository as dashboards should show it");
    Arguments.notNull(extraTags, "extraTags");
    this.tags = Tags.of(extraTags).and("repository", name).and("backend", repository.maintenance().backend());
  }

  /**
   * Registers the meters and installs the recorder in the repository.
   *
   * @param registry where the meters go
   * @throws IllegalArgumentException if the registry is null
   * @throws IllegalStateException if this binder is already bound; close it first
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Arguments.notNull(registry, "registry");
    if (this.registry != null) {
      throw new IllegalStateException("these metrics of " + tags + " are already bound to a registry; close() them "
          + "first, or bind one CompositeMeterRegistry that holds every registry");
    }
    MicrometerRecorder bound = new MicrometerRecorder(registry, tags, repository.maintenance());
    this.registry = registry;
    this.recorder = bound;
    repository.setMetrics(bound);
  }

  /**
   * Uninstalls the recorder (the repository records nothing afterwards: {@link RepositoryMetrics#NONE})
   * and removes the meters from the registry. Idempotent; the binder may be bound again.
   */
  @Override
  public synchronized void close() {
    if (registry == null || recorder == null) {
      return;
    }
    repository.setMetrics(null);
    for (Meter meter : recorder.meters()) {
      registry.remove(meter);
    }
    registry = null;
    recorder = null;
  }
}
