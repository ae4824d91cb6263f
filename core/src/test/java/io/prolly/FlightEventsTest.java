package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.MergeConflictException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import net.jqwik.api.Example;

/**
 * The flight recorder events of commits, merges, collection batches and transfers: recorded to a
 * file while the operations run, then read back and checked field by field.
 */
class FlightEventsTest {

  @Example
  void commitsAreRecordedWithTheirBranchOutcomeAttemptsAndWhatTheyWrote() throws Exception {
    List<RecordedEvent> events = record("io.prolly.Commit", () -> {
      try (Repository repository = Prolly.inMemory()) {
        commit(repository.store("main", Codecs.utf8()), "a", "1");
        Store<String> behind = repository.store("main", Codecs.utf8());
        commit(repository.store("main", Codecs.utf8()), "b", "2");
        commit(behind, "c", "3"); // the branch moved: merged
        Store<String> conflicting = repository.store("main", Codecs.utf8());
        commit(repository.store("main", Codecs.utf8()), "a", "ours");
        conflicting.set("a", "theirs");
        assertThatThrownBy(() -> conflicting.commit("conflict")).isInstanceOf(MergeConflictException.class);
        loseOneRace(repository);
        commit(repository.store("main", Codecs.utf8()), "d", "4");
      }
    });

    // The commit the validator slips in lands first, inside the commit that then loses the race and
    // merges with it on its second attempt.
    assertThat(events).extracting(event -> event.getString("outcome"))
        .containsExactly("committed", "committed", "merged", "committed", "conflict", "committed", "merged");
    assertThat(events).allSatisfy(event -> assertThat(event.getString("branch")).isEqualTo("main"));
    assertThat(events).extracting(event -> event.getInt("attempts")).containsExactly(1, 1, 1, 1, 1, 1, 2);
    RecordedEvent first = events.get(0);
    assertThat(first.getLong("nodesWritten")).as("a leaf, the registry and the commit").isGreaterThanOrEqualTo(3);
    assertThat(first.getLong("bytesWritten")).isGreaterThan(first.getLong("nodesWritten"));
    assertThat(events.get(4).getLong("nodesWritten")).as("a conflict writes nothing").isZero();
    assertThat(first.getDuration().isNegative()).isFalse();
  }

  @Example
  void mergesAreRecordedWithTheirOutcomeAndConflictingKeys() throws Exception {
    List<RecordedEvent> events = record("io.prolly.Merge", () -> {
      try (Repository repository = Prolly.inMemory()) {
        commit(repository.store("main", Codecs.utf8()), "k", "base");
        repository.createBranch("feature", "main");
        commit(repository.store("feature", Codecs.utf8()), "f", "1");
        repository.merge("feature", "main"); // fast-forward
        repository.merge("feature", "main"); // up to date
        commit(repository.store("feature", Codecs.utf8()), "k", "feature");
        commit(repository.store("main", Codecs.utf8()), "k", "main");
        assertThatThrownBy(() -> repository.merge("feature", "main")).isInstanceOf(MergeConflictException.class);
        commit(repository.store("feature", Codecs.utf8()), "g", "2");
        repository.merge("feature", "main", io.prolly.merge.ConflictResolver.ours());
      }
    });

    assertThat(events).extracting(event -> event.getString("outcome"))
        .containsExactly("fast_forward", "up_to_date", "conflict", "merged");
    assertThat(events).allSatisfy(event -> {
      assertThat(event.getString("source")).isEqualTo("feature");
      assertThat(event.getString("branch")).isEqualTo("main");
      assertThat(event.getInt("attempts")).isEqualTo(1);
    });
    assertThat(events).extracting(event -> event.getInt("conflicts")).containsExactly(0, 0, 1, 0);
  }

  @Example
  void everyCollectionBatchIsRecordedWithWhatItDeleted() throws Exception {
    long[] deleted = new long[1];
    List<RecordedEvent> events = record("io.prolly.GcBatch", () -> {
      try (Repository repository = Prolly.inMemory()) {
        commit(repository.store("main", Codecs.utf8()), "k", "v");
        repository.createBranch("doomed", "main");
        Store<String> doomed = repository.store("doomed", Codecs.utf8());
        for (int i = 0; i < 5; i++) {
          commit(doomed, "key" + i, "value" + i);
        }
        repository.deleteBranch("doomed");
        deleted[0] = repository.maintenance().gc().nodesDeleted();
      }
    });

    assertThat(deleted[0]).isPositive();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getLong("nodesDeleted")).isEqualTo(deleted[0]);
    assertThat(events.get(0).getLong("candidates")).isEqualTo(deleted[0]);
  }

  @Example
  void transfersAreRecordedWithTheirKindBranchNodesAndBytes() throws Exception {
    SyncReport[] pushed = new SyncReport[1];
    BundleReport[] exported = new BundleReport[1];
    List<RecordedEvent> events = record("io.prolly.Transfer", () -> {
      try (Repository repository = Prolly.inMemory(); Repository remote = Prolly.inMemory()) {
        commit(repository.store("main", Codecs.utf8()), "k", "v");
        pushed[0] = repository.transfer().push(remote, "main");
        exported[0] = repository.transfer().exportBundle(new ByteArrayOutputStream());
      }
    });

    assertThat(events).hasSize(2);
    RecordedEvent push = events.get(0);
    assertThat(push.getString("kind")).isEqualTo("push");
    assertThat(push.getString("branch")).isEqualTo("main");
    assertThat(push.getLong("nodes")).isEqualTo(pushed[0].nodesTransferred()).isPositive();
    assertThat(push.getLong("bytes")).isEqualTo(pushed[0].bytesTransferred());
    RecordedEvent export = events.get(1);
    assertThat(export.getString("kind")).isEqualTo("bundle_export");
    assertThat(export.getString("branch")).isEmpty();
    assertThat(export.getLong("nodes")).isEqualTo(exported[0].nodes());
    assertThat(export.getLong("bytes")).isEqualTo(exported[0].nodeBytes());
  }

  /**
   * Makes the next commit to main lose its race once: a validator commits to main from inside the
   * commit, after it read the head and before it lands.
   */
  static void loseOneRace(Repository repository) {
    AtomicBoolean fired = new AtomicBoolean();
    repository.addValidator("main", "racer", change -> {
      if (fired.compareAndSet(false, true)) {
        commit(repository.store("main", Codecs.utf8()), "racer", "won");
      }
      return Verdict.accept();
    });
  }

  private static void commit(Store<String> store, String key, String value) {
    store.set(key, value);
    store.commit("set " + key);
  }

  /**
   * Runs the work under a recording and reads back the events of one type. Prolly's events are
   * enabled by default, so that any recording ({@code jcmd <pid> JFR.start}) has them.
   */
  private static List<RecordedEvent> record(String event, Runnable work) throws Exception {
    Path file = Files.createTempFile("prolly-events", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable(event).withThreshold(java.time.Duration.ZERO);
      recording.start();
      work.run();
      recording.stop();
      recording.dump(file);
      return RecordingFile.readAllEvents(file).stream()
          .filter(recorded -> recorded.getEventType().getName().equals(event)).toList();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
