package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.CommitInfo;
import io.prolly.KeyBlame;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeFn;
import io.prolly.spi.Hash;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Blame: for each key of a namespace in a range, the commit that last changed it, checked against
 * the definition walked key by key over random histories of commits and merges — follow the first
 * parent that holds the key's value, and blame the commit that no parent explains.
 */
abstract class BlameRules extends RulesBase {

  private static final List<String> BRANCHES = List.of("main", "b1", "b2");
  private static final List<String> KEYS = List.of("a", "b", "c", "d", "n/a", "n/b", "n/c");
  private static final List<String> VALUES = List.of("1", "2", "3");
  private static final List<String> NAMESPACES = List.of("", "n", "m");

  /** A merge function that makes a value neither side had, so the merge commit itself is blamed. */
  private static final MergeFn<String> JOIN = (base, ours, theirs) -> ours == null || theirs == null ? null
      : Objects.equals(ours, theirs) ? ours : ours + "+" + theirs;

  BlameRules(BackendFixture fixture) {
    super(fixture);
  }

  /** One step of a history: writes committed on a branch, or a merge of one branch into another. */
  record Step(int branch, int other, boolean merge, boolean join, Map<String, @Nullable String> writes) {}

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<@Nullable String> value = Arbitraries.of(VALUES).injectNull(0.2);
    Arbitrary<Map<String, @Nullable String>> writes = Arbitraries.maps(Arbitraries.of(KEYS), value).ofMaxSize(3);
    Arbitrary<Integer> branch = Arbitraries.integers().between(0, BRANCHES.size() - 1);
    Arbitrary<Step> step = Combinators.combine(branch, branch, Arbitraries.integers().between(0, 9),
        Arbitraries.of(true, false), writes)
        .as((into, from, kind, join, edits) -> new Step(into, from, kind < 4 && !into.equals(from), join, edits));
    return step.list().ofMinSize(3).ofMaxSize(14);
  }

  @Provide
  Arbitrary<@Nullable String> bounds() {
    return Arbitraries.of("", "a", "b", "c", "c1", "d", "z").injectNull(0.4);
  }

  @Contract(value = "blame says which commit gave each key the value it has at the revision (Repository.blame).",
      catches = "a blame that stops at the first commit touching the namespace rather than the one that changed the "
      + "key")
  @Property(tries = 40)
  void blameNamesForEachKeyTheCommitWhoseParentsAllHeldAnotherValue(@ForAll("histories") List<Step> history,
      @ForAll("bounds") @Nullable String from, @ForAll("bounds") @Nullable String to) {
    Repository repository = newRepository();
    List<String> commits = writeHistory(repository, history);
    Model model = new Model(repository);
    boolean inverted = from != null && to != null && from.compareTo(to) > 0;
    @Nullable String lower = inverted ? to : from;
    @Nullable String upper = inverted ? from : to;
    List<String> revisions = new ArrayList<>(BRANCHES);
    revisions.add(commits.get(commits.size() / 2));
    for (String revision : revisions) {
      for (String namespace : NAMESPACES) {
        Map<String, String> expected = model.blame(revision, namespace, lower, upper);
        if (!namespace.isEmpty() && model.keys(repository.resolve(revision).toHex(), namespace).isEmpty()) {
          assertThatThrownBy(() -> repository.blame(revision, namespace, lower, upper))
              .as("blame of the empty %s at %s", namespace, revision)
              .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no namespace '" + namespace + "'");
          continue;
        }
        List<KeyBlame> blame = repository.blame(revision, namespace, lower, upper);
        Map<String, String> actual = new LinkedHashMap<>();
        blame.forEach(entry -> actual.put(entry.key(), entry.commit().id().toHex()));
        assertThat(actual).as("blame of %s at %s in [%s, %s)", namespace.isEmpty() ? "the root" : namespace,
            revision, lower, upper).containsExactlyEntriesOf(expected);
        for (KeyBlame entry : blame) {
          assertThat(entry.commit()).isEqualTo(repository.commitInfo(entry.commit().id().toHex()));
          String id = entry.commit().id().toHex();
          Statistics.label("blamed commit").collect(entry.commit().isMerge() ? "merge"
              : model.isFirstParentAncestor(id, revision) ? "first-parent line" : "merged line");
        }
      }
    }
  }

  @Contract(value = "Through a merge commit a key is followed into the first parent that holds the same value, so a "
      + "key changed on a merged branch is blamed on the commit that changed it there (Repository.blame).",
      catches = "a walk that follows first parents only and blames the merge commit")
  @Example
  void aKeyChangedOnAMergedBranchIsBlamedOnTheCommitThatChangedItThere() {
    Repository repository = newRepository();
    String root = commit(repository, "main", Map.of("kept", "1", "side", "1", "main", "1"));
    repository.createBranch("side", "main");
    String onSide = commit(repository, "side", Map.of("side", "2"));
    commit(repository, "side", Map.of("other", "1"));
    String onMain = commit(repository, "main", Map.of("main", "2"));
    String merge = repository.merge("side", "main").commit().toHex();
    assertThat(blame(repository, "main", "")).containsExactly(
        Map.entry("kept", root), Map.entry("main", onMain), Map.entry("other", repository.resolve("side").toHex()),
        Map.entry("side", onSide));
    assertThat(blame(repository, "main", "")).doesNotContainValue(merge);
  }

  @Contract(value = "The merge commit itself is blamed only for a key whose value differs from every parent's "
      + "(Repository.blame).",
      catches = "a merge commit blamed for every key its second parent brought")
  @Example
  void aMergeCommitIsBlamedOnlyForAValueNoParentHad() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("k", "0", "same", "0"));
    repository.createBranch("side", "main");
    String sideSame = commit(repository, "side", Map.of("k", "s", "same", "1"));
    commit(repository, "main", Map.of("k", "m", "same", "1"));
    String merge = repository.merge("side", "main", Codecs.utf8(), JOIN).commit().toHex();
    assertThat(repository.snapshot("main", Codecs.utf8()).get("k")).isEqualTo("m+s");
    Map<String, String> blame = blame(repository, "main", "");
    assertThat(blame).containsEntry("k", merge);
    assertThat(blame.get("same")).as("a value both parents hold goes to the first parent")
        .isEqualTo(repository.resolve("main^1").toHex()).isNotEqualTo(sideSame);
  }

  @Contract(value = "A key changed and then changed back is blamed on the commit that changed it back; a removed "
      + "key is not listed (Repository.blame).",
      catches = "a blame that compares with the oldest equal value, or lists removed keys")
  @Example
  void aValueChangedAndChangedBackIsBlamedOnTheLastChangeAndRemovedKeysAreNotListed() {
    Repository repository = newRepository();
    String first = commit(repository, "main", Map.of("k", "1", "gone", "1", "still", "1"));
    commit(repository, "main", Map.of("k", "2"));
    String back = commit(repository, "main", Map.of("k", "1"));
    Store<String> store = repository.store("main", Codecs.utf8());
    store.remove("gone");
    store.commit("remove gone");
    assertThat(blame(repository, "main", "")).containsExactly(Map.entry("k", back), Map.entry("still", first));
    assertThat(blame(repository, "main~1", "")).containsExactly(Map.entry("gone", first), Map.entry("k", back),
        Map.entry("still", first));
  }

  @Contract(value = "A key set and never changed since is blamed on the commit that added it (Repository.blame).",
      catches = "a walk that gives up after a fixed depth and blames the oldest commit it read")
  @Example
  void keysNeverChangedAreBlamedOnTheCommitThatAddedThemAcrossALongHistory() {
    Repository repository = newRepository();
    String root = commit(repository, "main", Map.of("k0", "1", "k1", "1"));
    String added = commit(repository, "main", Map.of("k2", "1"));
    Store<String> store = repository.store("main", Codecs.utf8());
    List<String> counters = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      store.set("x" + (i % 4), Integer.toString(i));
      counters.add(store.commit("step " + i).id().toHex());
    }
    Map<String, String> blame = blame(repository, "main", "");
    assertThat(blame).containsEntry("k0", root).containsEntry("k1", root).containsEntry("k2", added);
    for (int i = 0; i < 4; i++) {
      assertThat(blame).containsEntry("x" + i, counters.get(36 + i));
    }
    assertThat(repository.blame("main", "", "k1", "k3")).extracting(KeyBlame::key).containsExactly("k1", "k2");
    assertThat(repository.blame("main", "", "k1", "k1")).isEmpty();
    assertThat(repository.blame("main", "", "x3", null)).extracting(KeyBlame::key).containsExactly("x3");
  }

  @Contract(value = "blame covers the keys of one namespace, not those of the namespaces nested in it "
      + "(Repository.blame).",
      catches = "keys of a nested namespace listed with the parent's")
  @Example
  void blameOfANestedNamespaceSeesOnlyItsOwnKeys() {
    Repository repository = newRepository();
    String first = commit(repository, "main", Map.of("a", "1", "eu/a", "1", "eu/fr/a", "1"));
    String second = commit(repository, "main", Map.of("eu/fr/a", "2", "a", "2"));
    assertThat(blame(repository, "main", "eu")).containsExactly(Map.entry("a", first));
    assertThat(blame(repository, "main", "eu/fr")).containsExactly(Map.entry("a", second));
    assertThat(blame(repository, "main", "")).containsExactly(Map.entry("a", second));
  }

  @Contract(value = "blame throws RevisionNotFoundException for an unknown revision and IllegalArgumentException if "
      + "the range or the namespace path is malformed, or it names a namespace that holds no key (the message lists "
      + "some that do) (Repository.blame).",
      catches = "an unknown namespace answered with an empty blame instead of an error")
  @Example
  void badArgumentsAreRefusedWithWhatToDo() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1", "eu/a", "1"));
    assertThatThrownBy(() -> repository.blame("nope", "")).isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> repository.blame("main~5", "")).isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("main~5");
    assertThatThrownBy(() -> repository.blame("main", "us")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no namespace 'us'").hasMessageContaining("[eu]");
    assertThatThrownBy(() -> repository.blame("main", "a//b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> repository.blame("main", "", "b", "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b'").hasMessageContaining("'a'");
    assertThatThrownBy(() -> repository.blame("main", "", "x".repeat(100_000), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThat(blame(repository, "main", "")).containsOnlyKeys("a");
  }

  @Contract(value = "blame of a revision that does not exist throws RevisionNotFoundException; the root namespace "
      + "exists even when it holds no key (Repository.blame).",
      catches = "an empty root namespace refused as unknown")
  @Example
  void anEmptyRepositoryHasNothingToBlame() {
    Repository repository = newRepository();
    assertThatThrownBy(() -> repository.blame("main", "")).isInstanceOf(RevisionNotFoundException.class);
    Store<String> store = repository.store("main", Codecs.utf8());
    store.namespace("only").set("k", "1");
    store.commit("nested only");
    assertThat(repository.blame("main", "")).as("the root namespace exists even when empty").isEmpty();
  }

  private static Map<String, String> blame(Repository repository, String revision, String namespace) {
    Map<String, String> blamed = new LinkedHashMap<>();
    repository.blame(revision, namespace).forEach(entry -> blamed.put(entry.key(), entry.commit().id().toHex()));
    return blamed;
  }

  /** Runs the steps; every commit also sets a key of its own in namespace {@code m}, so none is empty. */
  private static List<String> writeHistory(Repository repository, List<Step> history) {
    List<String> commits = new ArrayList<>();
    commits.add(commit(repository, "main", Map.of("a", "0", "n/a", "0", "m/root", "0")));
    for (String branch : BRANCHES.subList(1, BRANCHES.size())) {
      repository.createBranch(branch, "main");
    }
    for (int i = 0; i < history.size(); i++) {
      Step step = history.get(i);
      String into = BRANCHES.get(step.branch());
      if (step.merge()) {
        String source = BRANCHES.get(step.other());
        commits.add((step.join() ? repository.merge(source, into, Codecs.utf8(), JOIN)
            : repository.merge(source, into, ConflictResolver.ours())).commit().toHex());
        continue;
      }
      Store<String> store = repository.store(into, Codecs.utf8());
      Map<String, @Nullable String> writes = new HashMap<>(step.writes());
      writes.put("m/c" + i, "x");
      writes.forEach((key, value) -> {
        int slash = key.lastIndexOf('/');
        Store<String> target = slash < 0 ? store : store.namespace(key.substring(0, slash));
        if (value == null) {
          target.remove(key.substring(slash + 1));
        } else {
          target.set(key.substring(slash + 1), value);
        }
      });
      commits.add(store.commit("step " + i).id().toHex());
    }
    return commits;
  }

  /** The commits of a repository as contents and parents, and blame by its definition, key by key. */
  private static final class Model {

    private final Repository repository;
    private final Map<String, Map<String, String>> contents = new HashMap<>();
    private final Map<String, List<String>> parents = new HashMap<>();

    Model(Repository repository) {
      this.repository = repository;
    }

    Map<String, String> blame(String revision, String namespace, @Nullable String from, @Nullable String to) {
      String head = repository.resolve(revision).toHex();
      Map<String, String> blamed = new LinkedHashMap<>();
      for (String key : keys(head, namespace)) {
        if ((from != null && key.compareTo(from) < 0) || (to != null && key.compareTo(to) >= 0)) {
          continue;
        }
        String qualified = namespace.isEmpty() ? key : namespace + "/" + key;
        String commit = head;
        String value = contents(head).get(qualified);
        while (true) {
          String explained = null;
          for (String parent : parents(commit)) {
            if (value.equals(contents(parent).get(qualified))) {
              explained = parent;
              break;
            }
          }
          if (explained == null) {
            break;
          }
          commit = explained;
        }
        blamed.put(key, commit);
      }
      return blamed;
    }

    /** The keys directly in a namespace at a commit, in order. */
    List<String> keys(String commit, String namespace) {
      return contents(commit).keySet().stream().filter(key -> {
        int slash = key.lastIndexOf('/');
        return (slash < 0 ? "" : key.substring(0, slash)).equals(namespace);
      }).map(key -> key.substring(key.lastIndexOf('/') + 1)).sorted().toList();
    }

    boolean isFirstParentAncestor(String commit, String revision) {
      for (String at = repository.resolve(revision).toHex(); ; at = parents(at).get(0)) {
        if (at.equals(commit)) {
          return true;
        }
        if (parents(at).isEmpty()) {
          return false;
        }
      }
    }

    private Map<String, String> contents(String commit) {
      return contents.computeIfAbsent(commit, id -> RulesBase.contents(repository, id));
    }

    private List<String> parents(String commit) {
      return parents.computeIfAbsent(commit, id -> {
        CommitInfo info = repository.commitInfo(id);
        return info.parents().stream().map(Hash::toHex).toList();
      });
    }
  }
}
