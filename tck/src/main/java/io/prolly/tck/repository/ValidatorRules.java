package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.BranchChange;
import io.prolly.Codecs;
import io.prolly.KeyChange;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.Verdict;
import io.prolly.error.CommitRefusedException;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Commit validators: every way a branch moves asks the validators of the repository it lands in,
 * a refusal names the validator and its reason and writes nothing, and a validator sees exactly
 * the commits and changes that would land.
 */
abstract class ValidatorRules extends RulesBase {

  ValidatorRules(BackendFixture fixture) {
    super(fixture);
  }

  /** Refuses any move that removes a key or writes the value "bad". */
  private static Verdict noRemovalsNoBad(BranchChange change) {
    for (KeyChange<String> key : change.changes(Codecs.utf8()).toList()) {
      if (key.newValue() == null) {
        return Verdict.refuse("key '" + key.key() + "' must not be removed");
      }
      if (key.newValue().equals("bad")) {
        return Verdict.refuse("key '" + key.key() + "' must not be 'bad'");
      }
    }
    return Verdict.accept();
  }

  @Contract(value = "A refusal makes the operation fail with a CommitRefusedException naming the validator and its "
      + "reason, and nothing is written (CommitValidator).",
      catches = "a validator asked after the branch moved, or a refused commit that clears the store's staged "
      + "writes")
  @Example
  void aRefusedCommitNamesTheValidatorAndItsReasonWritesNothingAndKeepsTheStagedWrites() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1", "b", "2"));
    repository.addValidator("main", "no-removals", ValidatorRules::noRemovalsNoBad);
    Map<String, ?> before = refs(repository);

    Store<String> store = repository.store("main", Codecs.utf8());
    store.remove("a");
    store.set("c", "3");
    assertThatThrownBy(() -> store.commit("drop a"))
        .isInstanceOfSatisfying(CommitRefusedException.class, refused -> {
          assertThat(refused.validator()).isEqualTo("no-removals");
          assertThat(refused.branch()).isEqualTo("main");
          assertThat(refused.reason()).isEqualTo("key 'a' must not be removed");
        })
        .hasMessageContaining("validator 'no-removals'").hasMessageContaining("nothing was written");
    assertThat(refs(repository)).isEqualTo(before);
    assertThat(contents(repository, "main")).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(store.hasChanges()).as("the refused writes stay staged").isTrue();

    store.set("a", "1b");
    store.commit("keep a");
    assertThat(contents(repository, "main")).isEqualTo(Map.of("a", "1b", "b", "2", "c", "3"));
  }

  @Contract(value = "A validator judges one branch move from the BranchChange: the old head, the new head, the "
      + "commits that would land and their changes (CommitValidator).",
      catches = "a validator shown the working copy's changes rather than those of the merged commit that lands")
  @Example
  void aValidatorSeesTheOldHeadTheNewHeadItsCommitsAndExactlyTheChangesThatLand() {
    Repository repository = newRepository();
    String first = commit(repository, "main", Map.of("a", "1", "n/x", "9"));
    List<String> seen = new ArrayList<>();
    List<List<KeyChange<String>>> changes = new ArrayList<>();
    List<List<String>> commits = new ArrayList<>();
    repository.addValidator("**", "recorder", change -> {
      seen.add(change.branch() + " " + Objects.toString(change.oldHead() == null ? null : change.oldHead().toHex())
          + " -> " + change.newHead().id().toHex());
      changes.add(change.changes(Codecs.utf8()).toList());
      commits.add(change.newCommits().map(info -> info.id().toHex()).toList());
      return Verdict.accept();
    });
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("a", "2");
    store.namespace("n").remove("x");
    store.set("b", "3");
    String second = store.commit("second").id().toHex();

    assertThat(seen).containsExactly("main " + first + " -> " + second);
    assertThat(changes.get(0)).isEqualTo(repository.diff(first, second, Codecs.utf8()).toList());
    assertThat(changes.get(0)).extracting(KeyChange::key).containsExactly("a", "b", "x");
    assertThat(commits.get(0)).containsExactly(second);

    repository.createBranch("feature", first);
    assertThat(seen).last().isEqualTo("feature null -> " + first);
    assertThat(commits.get(commits.size() - 1)).containsExactly(first);
    String onFeature = commit(repository, "feature", Map.of("f", "1"));
    commits.clear();
    String merge = repository.merge("feature", "main").commit().toHex();
    assertThat(seen).last().isEqualTo("main " + second + " -> " + merge);
    assertThat(commits.get(0)).containsExactlyInAnyOrder(merge, onFeature);
    assertThat(changes.get(changes.size() - 1)).isEqualTo(repository.diff(second, merge, Codecs.utf8()).toList());
  }

  @Contract(value = "A validator judges every move of a matching branch before it lands: commits, merges "
      + "(fast-forwards too), reverts, cherry-picks, resets, squashes and bundle imports (Repository.addValidator).",
      catches = "a way of moving a branch (a fast-forward, a reset) that bypasses the validators")
  @Example
  void mergesFastForwardsRevertsCherryPicksResetsAndImportsAreJudgedToo() {
    Repository repository = newRepository();
    String base = commit(repository, "main", Map.of("a", "1", "b", "1"));
    repository.createBranch("feature", base);
    String removing = removeOn(repository, "feature", "a");
    repository.addValidator("main", "no-removals", ValidatorRules::noRemovalsNoBad);

    assertRefused(repository, () -> repository.merge("feature", "main"), "fast-forward");
    assertRefused(repository, () -> repository.cherryPick("main", removing), "cherry-pick");
    String adding = commit(repository, "main", Map.of("c", "1"));
    assertRefused(repository, () -> repository.revert("main", adding), "revert");
    assertRefused(repository, () -> repository.reset("main", base), "reset");
    commit(repository, "feature", Map.of("d", "1"));
    assertRefused(repository, () -> repository.merge("feature", "main"), "merge");

    Repository source = newRepository();
    commit(source, "main", Map.of("a", "1"));
    ByteArrayOutputStream bundle = new ByteArrayOutputStream();
    source.transfer().exportBundle(bundle);
    Repository receiver = newRepository();
    commit(receiver, "main", Map.of("z", "bad"));
    receiver.addValidator("**", "no-removals", ValidatorRules::noRemovalsNoBad);
    Map<String, ?> before = refs(receiver);
    assertThatThrownBy(() -> receiver.transfer().importBundle(new ByteArrayInputStream(bundle.toByteArray()),
        io.prolly.RefUpdateMode.FORCE))
        .as("import").isInstanceOf(CommitRefusedException.class);
    assertThat(refs(receiver)).isEqualTo(before);
  }

  @Contract(value = "Pushes this repository receives are judged by its validators; a refusal moves nothing and "
      + "writes nothing (Repository.addValidator).",
      catches = "a push judged by the sender's validators only, or a refused push that leaves its nodes or moves "
      + "the remote ref")
  @Example
  void aPushIsJudgedByTheReceivingRepositorysValidatorsAndARefusedPushMovesNothingThere() {
    Repository local = newRepository();
    Repository remote = newRepository();
    commit(local, "main", Map.of("a", "1"));
    local.transfer().push(remote, "main");
    remote.addValidator("main", "no-bad", ValidatorRules::noRemovalsNoBad);
    commit(local, "main", Map.of("a", "bad"));
    Map<String, ?> before = refs(remote);

    assertThatThrownBy(() -> local.transfer().push(remote, "main"))
        .isInstanceOfSatisfying(CommitRefusedException.class,
            refused -> assertThat(refused.reason()).isEqualTo("key 'a' must not be 'bad'"));
    assertThat(refs(remote)).isEqualTo(before);
    assertThat(contents(remote, "main")).isEqualTo(Map.of("a", "1"));

    commit(local, "main", Map.of("a", "good"));
    local.transfer().push(remote, "main");
    assertThat(contents(remote, "main")).isEqualTo(Map.of("a", "good"));
  }

  @Contract(value = "A validator that throws refuses the move with CommitRefusedException; the pattern picks the "
      + "branches: * matches within a segment, ** across segments, ? one character (CommitValidator, "
      + "Repository.addValidator).",
      catches = "a pattern matched as a prefix, so release/* also judges release/1.0/hotfix and releases")
  @Example
  void aFailingValidatorRefusesWithItsExceptionAsCauseAndPatternsPickTheBranches() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    IllegalStateException boom = new IllegalStateException("rules service down");
    repository.addValidator("release/*", "release-check", change -> {
      throw boom;
    });
    repository.createBranch("release/1.0/hotfix", "main");
    repository.createBranch("releases", "main");
    assertThatThrownBy(() -> repository.createBranch("release/1.0", "main"))
        .isInstanceOfSatisfying(CommitRefusedException.class, refused -> {
          assertThat(refused.validator()).isEqualTo("release-check");
          assertThat(refused.getCause()).isSameAs(boom);
        })
        .hasMessageContaining("rules service down");
    assertThat(repository.branches()).containsOnlyKeys("main", "release/1.0/hotfix", "releases");

    assertThat(repository.removeValidator("release-check")).isTrue();
    assertThat(repository.removeValidator("release-check")).isFalse();
    repository.createBranch("release/1.0", "main");
    assertThat(repository.branches()).containsKey("release/1.0");
    assertThat(repository.deleteBranch("release/1.0")).as("deletions are not judged").isNotNull();
  }

  @Contract(value = "addValidator throws IllegalArgumentException if an argument is null or empty, or the name is "
      + "taken (Repository.addValidator).",
      catches = "a second validator of the same name silently replacing the first")
  @Example
  void aValidatorNameIsUniqueAndArgumentsAreChecked() {
    Repository repository = newRepository();
    repository.addValidator("main", "v", change -> Verdict.accept());
    assertThatThrownBy(() -> repository.addValidator("**", "v", change -> Verdict.accept()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> repository.addValidator("", "w", change -> Verdict.accept()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("branchPattern");
    assertThatThrownBy(() -> repository.addValidator("main", " ", change -> Verdict.accept()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> Verdict.refuse(" ")).isInstanceOf(IllegalArgumentException.class);
    repository.addValidator("main", "null-answer", change -> null);
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("a", "1");
    assertThatThrownBy(() -> store.commit("first"))
        .isInstanceOf(CommitRefusedException.class).hasMessageContaining("null");
    assertThat(repository.branches()).isEmpty();
  }

  /** Writes of one commit to branch main: a key to a value, or to null for a removal. */
  @Provide
  Arbitrary<List<Map<String, String>>> histories() {
    Arbitrary<String> value = Arbitraries.of("1", "2", "bad", "-");
    return Arbitraries.maps(Arbitraries.of("a", "b", "c", "n/d"), value).ofMinSize(1).ofMaxSize(3).list()
        .ofMinSize(1).ofMaxSize(8);
  }

  @Contract(value = "The first refusal fails the operation and nothing is written, so a branch holds exactly the "
      + "commits its validators accepted (Repository.addValidator).",
      catches = "a refused commit whose nodes or ref change survive, so it shows up in the log")
  @Property(tries = 20)
  void theBranchHoldsExactlyTheCommitsTheValidatorAccepted(@ForAll("histories") List<Map<String, String>> history) {
    Repository repository = newRepository();
    AtomicInteger asked = new AtomicInteger();
    repository.addValidator("main", "no-removals", change -> {
      asked.incrementAndGet();
      return noRemovalsNoBad(change);
    });
    Map<String, String> model = new TreeMap<>();
    for (Map<String, String> writes : history) {
      Map<String, String> next = new TreeMap<>(model);
      boolean refused = false;
      Store<String> store = repository.store("main", Codecs.utf8());
      for (Map.Entry<String, String> write : writes.entrySet()) {
        String key = write.getKey();
        int slash = key.lastIndexOf('/');
        Store<String> target = slash < 0 ? store : store.namespace(key.substring(0, slash));
        String local = key.substring(slash + 1);
        if (write.getValue().equals("-")) {
          target.remove(local);
          refused |= model.containsKey(key);
          next.remove(key);
        } else {
          target.set(local, write.getValue());
          refused |= write.getValue().equals("bad") && !"bad".equals(model.get(key));
          next.put(key, write.getValue());
        }
      }
      if (!store.hasChanges() || next.equals(model) && !refused) {
        continue;
      }
      int before = asked.get();
      if (refused) {
        assertThatThrownBy(() -> store.commit("refused")).isInstanceOf(CommitRefusedException.class);
      } else {
        store.commit("accepted");
        model = next;
      }
      assertThat(asked.get()).as("the validator is asked once per commit").isEqualTo(before + 1);
      assertThat(repository.branches().isEmpty() ? Map.of() : contents(repository, "main")).isEqualTo(model);
    }
  }

  private static String removeOn(Repository repository, String branch, String key) {
    Store<String> store = repository.store(branch, Codecs.utf8());
    store.remove(key);
    return store.commit("remove " + key).id().toHex();
  }

  private static void assertRefused(Repository repository, Supplier<?> operation, String what) {
    Map<String, ?> before = refs(repository);
    Set<String> beforeMain = contents(repository, "main").keySet();
    assertThatThrownBy(operation::get).as(what).isInstanceOf(CommitRefusedException.class);
    assertThat(refs(repository)).as(what + " moved nothing").isEqualTo(before);
    assertThat(contents(repository, "main").keySet()).isEqualTo(beforeMain);
  }
}
