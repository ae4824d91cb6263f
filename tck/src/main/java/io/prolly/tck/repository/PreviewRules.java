package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static io.prolly.tck.repository.ReplayRules.threeWay;
import static io.prolly.tck.repository.ReplayRules.writeHistory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.KeyChange;
import io.prolly.Repository;
import io.prolly.error.MergeConflictException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergePreview;
import io.prolly.merge.MergeResult;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Merge previews: what {@link Repository#previewMerge} says is what the merge then does — the
 * outcome, the changes and the conflicts with their values — and a preview writes nothing.
 */
abstract class PreviewRules extends RulesBase {

  private static final List<String> KEYS = List.of("a", "b", "n/a");

  PreviewRules(BackendFixture fixture) {
    super(fixture);
  }

  /** Writes of one commit, as in {@link ReplayRules}; possibly no commit at all on a side. */
  @Provide
  Arbitrary<List<Map<String, @Nullable String>>> sides() {
    Arbitrary<@Nullable String> value = Arbitraries.of("1", "2", "3").injectNull(0.25);
    return Arbitraries.maps(Arbitraries.of(KEYS), value).ofMinSize(1).ofMaxSize(3).list().ofMaxSize(4);
  }

  @Contract(value = "previewMerge works out what merge would do now, writing nothing; a merge made afterwards does "
      + "the same unless one of the branches moved meanwhile (Repository.previewMerge).",
      catches = "a preview that writes the trees it builds, or one whose outcome or changes differ from the merge's")
  @Property(tries = 40)
  void aPreviewSaysWhatTheMergeThenDoesAndWritesNothing(@ForAll("sides") List<Map<String, @Nullable String>> main,
      @ForAll("sides") List<Map<String, @Nullable String>> feature, @ForAll boolean withResolver) {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1", "n/b", "1"));
    repository.createBranch("feature", "main");
    Map<String, String> base = contents(repository, "main");
    writeHistory(repository, "main", main, 0);
    writeHistory(repository, "feature", feature, main.size());
    Map<String, String> ours = contents(repository, "main");
    Map<String, String> theirs = contents(repository, "feature");
    String head = repository.resolve("main").toHex();
    ConflictResolver resolver = withResolver ? ConflictResolver.theirs() : ConflictResolver.fail();

    Map<String, ?> refsBefore = refs(repository);
    long nodesBefore = repository.maintenance().stats().nodeCount();
    MergePreview preview = repository.previewMerge("feature", "main", resolver);
    assertThat(refs(repository)).as("refs after a preview").isEqualTo(refsBefore);
    assertThat(repository.maintenance().stats().nodeCount()).as("nodes after a preview").isEqualTo(nodesBefore);
    Statistics.collect(preview.outcome());
    assertThat(preview.head().toHex()).isEqualTo(head);
    assertThat(preview.theirs()).isEqualTo(repository.resolve("feature"));

    ReplayRules.Expected expected = threeWay(base, ours, theirs);
    if (preview.outcome() == MergePreview.Outcome.CONFLICTS) {
      assertThat(withResolver).as("a resolver that settles everything leaves no conflict").isFalse();
      assertThat(preview.conflicts()).extracting(MergePreview.KeyConflict::qualifiedKey)
          .containsExactlyElementsOf(expected.conflicts());
      for (MergePreview.KeyConflict conflict : preview.conflicts()) {
        String key = conflict.qualifiedKey();
        assertThat(text(conflict.values().base())).as("base of %s", key).isEqualTo(base.get(key));
        assertThat(text(conflict.values().ours())).as("ours of %s", key).isEqualTo(ours.get(key));
        assertThat(text(conflict.values().theirs())).as("theirs of %s", key).isEqualTo(theirs.get(key));
      }
      assertThatThrownBy(() -> repository.merge("feature", "main", resolver))
          .isInstanceOfSatisfying(MergeConflictException.class, e -> assertThat(e.conflictingKeys())
              .containsExactlyElementsOf(preview.conflicts().stream().map(MergePreview.KeyConflict::qualifiedKey)
                  .toList()));
      assertThat(shown(preview.changes())).as("the keys that merge cleanly")
          .isEqualTo(shown(diffToModel(ours, expected.merged())));
      return;
    }
    assertThat(preview.conflicts()).isEmpty();
    MergeResult result = repository.merge("feature", "main", resolver);
    assertThat(result.kind().name()).isEqualTo(preview.outcome().name());
    assertThat(preview.changeCount()).isEqualTo(preview.changes().size());
    assertThat(shown(preview.changes())).as("the changes the merge made")
        .isEqualTo(shown(repository.diff(head, "main").toList()));
    if (!withResolver) {
      assertThat(contents(repository, "main")).isEqualTo(expected.merged());
    }
  }

  @Contract(value = "A preview gives every key that would stay unresolved with its base, our and their values, and "
      + "the changes the branch would see from its head (Repository.previewMerge).",
      catches = "a conflict reported without its namespace or values, or clean changes dropped once one key "
      + "conflicts")
  @Example
  void aConflictIsPreviewedWithItsNamespaceAndValuesAndTheCleanChangesBeside() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("n/k", "base", "a", "1"));
    repository.createBranch("feature", "main");
    commit(repository, "main", Map.of("n/k", "ours"));
    commit(repository, "feature", Map.of("n/k", "theirs", "a", "2"));
    Map<String, ?> refsBefore = refs(repository);
    long nodesBefore = repository.maintenance().stats().nodeCount();
    MergePreview preview = repository.previewMerge("feature", "main");
    assertThat(preview.outcome()).isEqualTo(MergePreview.Outcome.CONFLICTS);
    assertThat(preview.conflicts()).hasSize(1);
    MergePreview.KeyConflict conflict = preview.conflicts().get(0);
    assertThat(conflict.namespace()).isEqualTo("n");
    assertThat(conflict.key()).isEqualTo("k");
    assertThat(text(conflict.values().base())).isEqualTo("base");
    assertThat(text(conflict.values().ours())).isEqualTo("ours");
    assertThat(text(conflict.values().theirs())).isEqualTo("theirs");
    assertThat(shown(preview.changes())).containsExactly("a: 1 -> 2");
    assertThat(preview.base()).isEqualTo(repository.resolve("main~1"));
    assertThat(refs(repository)).isEqualTo(refsBefore);
    assertThat(repository.maintenance().stats().nodeCount()).isEqualTo(nodesBefore);
    MergePreview settled = repository.previewMerge("feature", "main", ConflictResolver.theirs());
    assertThat(settled.outcome()).isEqualTo(MergePreview.Outcome.MERGED);
    assertThat(shown(settled.changes())).containsExactly("a: 1 -> 2", "n/k: ours -> theirs");
    assertThatThrownBy(() -> repository.merge("feature", "main")).isInstanceOfSatisfying(MergeConflictException.class,
        e -> assertThat(e.conflictingKeys()).containsExactly("n/k"));
  }

  @Contract(value = "previewMerge lists at most maxChanges changes, and counts all of them in changeCount() "
      + "(Repository.previewMerge).",
      catches = "a change count that stops at the listing limit")
  @Example
  void aPreviewListsAtMostTheChangesAskedForAndCountsThemAll() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("start", "1"));
    repository.createBranch("feature", "main");
    Map<String, String> writes = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      writes.put(String.format("k%02d", i), "v");
    }
    commit(repository, "feature", writes);
    commit(repository, "main", Map.of("other", "1"));
    MergePreview preview = repository.previewMerge("feature", "main", ConflictResolver.fail(), 10);
    assertThat(preview.outcome()).isEqualTo(MergePreview.Outcome.MERGED);
    assertThat(preview.changes()).hasSize(10);
    assertThat(preview.changeCount()).isEqualTo(30);
    assertThat(preview.truncated()).isTrue();
    assertThat(preview.changes().get(0).key()).isEqualTo("k00");
    assertThat(preview.base()).isEqualTo(repository.resolve("main~1"));
    assertThat(repository.previewMerge("main", "main").outcome()).isEqualTo(MergePreview.Outcome.UP_TO_DATE);
    assertThat(repository.previewMerge("main~1", "main").changeCount()).isZero();
    assertThatThrownBy(() -> repository.previewMerge("feature", "main", ConflictResolver.fail(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxChanges");
  }

  private static List<KeyChange<byte[]>> diffToModel(Map<String, String> before, Map<String, String> after) {
    java.util.TreeMap<String, KeyChange<byte[]>> changes = new java.util.TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      String old = before.get(key);
      String now = after.get(key);
      if (!java.util.Objects.equals(old, now)) {
        int slash = key.lastIndexOf('/');
        changes.put(key, new KeyChange<>(slash < 0 ? "" : key.substring(0, slash), key.substring(slash + 1),
            bytes(old), bytes(now)));
      }
    }
    return List.copyOf(changes.values());
  }

  /** Changes as text, sorted, so that lists of byte-array changes compare. */
  private static List<String> shown(List<KeyChange<byte[]>> changes) {
    return changes.stream().map(change -> change.qualifiedKey() + ": " + text(change.oldValue()) + " -> "
        + text(change.newValue())).sorted().toList();
  }

  private static @Nullable String text(byte @Nullable [] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static byte @Nullable [] bytes(@Nullable String value) {
    return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
  }
}
