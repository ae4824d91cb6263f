package io.prolly;

import io.prolly.error.RevisionNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.Example;

class RetentionTest {

  @Example
  void squashingKeepsTheContentAndTheNewestCommitsAndFreesTheRest() {
    try (Repository repository = Prolly.inMemory()) {
      Store<byte[]> store = repository.store("main", Codecs.bytes());
      SplittableRandom random = new SplittableRandom(1);
      List<String> messages = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        store.set("payload", bytes(random, 50_000));
        store.set("counter", new byte[] {(byte) i});
        messages.add(0, "commit " + i);
        store.commit("commit " + i);
      }
      Map<String, byte[]> before = RepositoryContents.of(repository, "main");
      List<KeyChange<byte[]>> lastChange = repository.diff("main~1", "main").toList();
      long bytesBefore = repository.maintenance().stats().nodeBytes();

      assertThat(repository.maintenance().squashHistory("main", Retention.keepLast(3))).isEqualTo(7);
      assertThat(repository.log("main").map(CommitInfo::message).toList())
          .containsExactly("commit 9", "commit 8", "commit 7", "Squashed 7 older commits");
      assertThat(RepositoryContents.of(repository, "main")).containsExactlyInAnyOrderEntriesOf(before);
      assertThat(repository.diff("main~1", "main").map(KeyChange::key).toList())
          .isEqualTo(lastChange.stream().map(KeyChange::key).toList());
      GcReport report = repository.maintenance().gc();
      assertThat(report.bytesAfter()).isLessThan(bytesBefore / 2);
      assertThat(repository.maintenance().verify().problems()).isEmpty();
      assertThat(repository.maintenance().squashHistory("main", Retention.keepLast(3))).as("nothing more to fold").isZero();
      assertThatThrownBy(() -> repository.maintenance().squashHistory("nope", Retention.keepLast(1)))
          .isInstanceOf(RevisionNotFoundException.class);
    }
  }

  @Example
  void keepSinceKeepsTheCommitsYoungerThanTheAgeAndAlwaysTheHead() {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    List<Commit> newestFirst = List.of(commit(now.minusSeconds(10)), commit(now.minusSeconds(50)),
        commit(now.minusSeconds(70)), commit(now.minusSeconds(3600)));
    assertThat(Retention.keepSince(Duration.ofMinutes(1)).kept(newestFirst, now)).isEqualTo(2);
    assertThat(Retention.keepSince(Duration.ofSeconds(1)).kept(newestFirst, now)).isEqualTo(1);
    assertThat(Retention.keepSince(Duration.ofDays(1)).kept(newestFirst, now)).isEqualTo(4);
    assertThat(Retention.keepLast(3).kept(newestFirst, now)).isEqualTo(3);
    assertThatThrownBy(() -> Retention.keepLast(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Retention.keepSince(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void pastTheHighWaterMarkTheRepositoryCollectsItselfBelowIt() throws Exception {
    try (Repository repository = Prolly.inMemory()) {
      long high = 1_000_000;
      repository.maintenance().setRetention("main", Retention.keepLast(5));
      repository.maintenance().collectAutomatically(high);
      Store<byte[]> store = repository.store("main", Codecs.bytes());
      SplittableRandom random = new SplittableRandom(2);
      byte[] last = null;
      for (int i = 0; i < 200; i++) {
        last = bytes(random, 40_000);
        store.set("payload", last);
        store.commit("commit " + i);
      }
      repository.awaitAutomaticCollection();
      Thread.sleep(AutoCollector.CHECK_INTERVAL_MILLIS * 2);
      store.set("final", new byte[] {1});
      store.commit("one more, to check the marks once more");
      repository.awaitAutomaticCollection();
      assertThat(repository.maintenance().stats().nodeBytes()).as("200 x 40 KB written, high-water mark %d", high)
          .isLessThanOrEqualTo(high);
      assertThat(repository.snapshot("main", Codecs.bytes()).get("payload")).isEqualTo(last);
      assertThat(repository.log("main").count()).isLessThan(200);
      assertThat(repository.maintenance().verify().problems()).isEmpty();
      assertThatThrownBy(() -> repository.maintenance().collectAutomatically(10, 20)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static Commit commit(Instant time) {
    return new Commit(Hash.of(new byte[0]), List.of(), "test", "", time, new TreeMap<>());
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Everything the root namespace of a branch holds. */
  private static final class RepositoryContents {
    static Map<String, byte[]> of(Repository repository, String branch) {
      Map<String, byte[]> contents = new TreeMap<>();
      repository.snapshot(branch, Codecs.bytes()).entries().forEach(entry -> contents.put(entry.getKey(), entry.getValue()));
      return contents;
    }
  }
}
