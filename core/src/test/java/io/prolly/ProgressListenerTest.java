package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import net.jqwik.api.Example;

class ProgressListenerTest {

  private record Report(String operation, String phase, long done, long total) {}

  private final List<Report> reports = new CopyOnWriteArrayList<>();

  @Example
  void longOperationsReportPhasesWhoseCountsOnlyGrowAndEndAtTheirTotal() {
    try (Repository source = Prolly.inMemory(); Repository clone = Prolly.inMemory();
        Repository copy = Prolly.inMemory()) {
      source.setProgressListener((operation, phase, done, total) ->
          reports.add(new Report(operation, phase, done, total)));
      load(source, "main", 50_000);
      source.createBranch("scratch", "main");
      load(source, "scratch", 20_000);
      source.deleteBranch("scratch");

      GcReport gc = source.maintenance().gc();
      SyncReport cloned = source.transfer().cloneInto(clone);
      SyncReport copied = source.transfer().copyInto(copy);
      load(source, "main", 100);
      SyncReport pushed = source.transfer().push(clone, "main");
      load(source, "main", 100);
      clone.setProgressListener((operation, phase, done, total) ->
          reports.add(new Report(operation, phase, done, total)));
      SyncReport pulled = clone.transfer().pull(source, "main");

      assertThat(phases()).containsExactly("gc marking", "gc sweeping", "clone sending", "copy looking",
          "copy sending", "push sending", "pull sending");
      assertGrowing();
      assertThat(last("gc", "sweeping").done()).isEqualTo(last("gc", "sweeping").total())
          .isGreaterThanOrEqualTo(gc.nodesDeleted());
      assertThat(last("clone", "sending")).isEqualTo(new Report("clone", "sending", cloned.nodesTransferred(),
          cloned.nodesTransferred()));
      assertThat(last("copy", "sending")).isEqualTo(new Report("copy", "sending", copied.nodesTransferred(),
          copied.nodesTransferred()));
      assertThat(last("push", "sending").done()).isEqualTo(pushed.nodesTransferred()).isPositive();
      assertThat(last("pull", "sending").done()).isEqualTo(pulled.nodesTransferred()).isPositive();

      reports.clear();
      source.setProgressListener(null);
      source.maintenance().gc();
      assertThat(reports).as("no listener, no reports").isEmpty();
    }
  }

  private static void load(Repository repository, String branch, int keys) {
    Store<String> store = repository.store(branch, Codecs.utf8());
    for (int i = 0; i < keys; i++) {
      store.set(branch + "-" + i + "-" + keys, "value " + i);
    }
    store.commit(keys + " keys");
  }

  /** The operations and phases in the order they first reported. */
  private List<String> phases() {
    return reports.stream().map(report -> report.operation() + " " + report.phase()).distinct()
        .collect(Collectors.toList());
  }

  private void assertGrowing() {
    for (int i = 1; i < reports.size(); i++) {
      Report before = reports.get(i - 1);
      Report now = reports.get(i);
      if (before.operation().equals(now.operation()) && before.phase().equals(now.phase())) {
        assertThat(now.done()).as("%s after %s", now, before).isGreaterThanOrEqualTo(before.done());
      }
      if (now.total() >= 0) {
        assertThat(now.done()).as("%s", now).isLessThanOrEqualTo(now.total());
      }
    }
  }

  private Report last(String operation, String phase) {
    return reports.stream().filter(report -> report.operation().equals(operation) && report.phase().equals(phase))
        .reduce((first, second) -> second).orElseThrow();
  }
}
