package io.prolly.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of the user guide's §15, with a simple registry where the guide has Prometheus's. */
class UserGuideExampleTest {

  @TempDir
  Path directory;

  @Test
  void theMetricsExampleRecordsItsCommitTaggedWithTheRepositoryAndTheBackend() {
    MeterRegistry registry = new SimpleMeterRegistry();
    String uri = "file:" + directory.resolve("orders.prolly");
    try (Repository repo = Prolly.open(uri);
        ProllyMetrics metrics = new ProllyMetrics(repo, "orders")) {
      metrics.bindTo(registry);                 // every meter tagged repository=orders, backend=file
      Store<String> store = repo.store("main", Codecs.utf8());
      store.set("o-1", "paid");
      store.commit("payment");
      assertThat(registry.get("prolly.commit").tags("repository", "orders", "backend", "file", "outcome", "committed")
          .timer().count()).isEqualTo(1);
    }
    assertThat(registry.find("prolly.commit").meters()).as("closing the binder removed its meters").isEmpty();
  }
}
