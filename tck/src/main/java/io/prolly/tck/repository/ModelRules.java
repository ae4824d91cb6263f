package io.prolly.tck.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.error.MergeConflictException;
import io.prolly.Repository;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Random interleavings of store and branch operations checked against a model after every step.
 * The model keeps each branch as the list of its contents, one per commit, oldest first, and each
 * store as its branch, the content it is based on and its staged writes. A commit whose branch
 * moved merges key by key against the store's base; a key both sides changed differently is a
 * conflict (no merge functions are set here), which must fail the commit and write nothing.
 */
abstract class ModelRules extends RulesBase {

  private static final int STORES = 3;
  private static final List<String> NAMESPACES = List.of("", "n/x");
  private static final List<String> KEYS = List.of("a", "b", "c", "d");
  private static final List<String> BRANCHES = List.of("main", "dev", "topic");

  ModelRules(BackendFixture fixture) {
    super(fixture);
  }

  /** One step; {@code slot} picks one of the stores. */
  sealed interface Op {}

  record Set(int slot, String namespace, String key, String value) implements Op {}

  record Remove(int slot, String namespace, String key) implements Op {}

  record Commit(int slot) implements Op {}

  record Refresh(int slot) implements Op {}

  record Reset(int slot) implements Op {}

  record CreateBranch(int slot, String branch) implements Op {}

  record Switch(int slot, String branch) implements Op {}

  record ResetBranchBack(int slot) implements Op {}

  @Contract(value = "A store's reads see staged values first and the branch's committed data otherwise, and commit "
      + "turns everything staged into one commit, atomically, merging with whatever the branch received since its "
      + "base (Store).",
      catches = "a backend whose refs(prefix) or snapshot misses a branch another store just moved, so a commit, "
      + "refresh or reset works from a stale head")
  @Property(tries = 60)
  void storesAndBranchesAgreeWithTheModelAfterEveryStep(@ForAll("ops") List<Op> ops) {
    Repository repository = newRepository();
    Model model = new Model();
    List<Store<String>> stores = new ArrayList<>();
    for (int slot = 0; slot < STORES; slot++) {
      stores.add(repository.store("main", Codecs.utf8()));
      model.stores.add(new StoreModel("main", Map.of()));
    }
    for (Op op : ops) {
      step(repository, stores, model, op);
      check(repository, stores, model, op);
    }
  }

  private void step(Repository repository, List<Store<String>> stores, Model model, Op op) {
    if (op instanceof Set set) {
      view(stores.get(set.slot()), set.namespace()).set(set.key(), set.value());
      model.stores.get(set.slot()).staged.put(qualified(set.namespace(), set.key()), Optional.of(set.value()));
    } else if (op instanceof Remove remove) {
      boolean had = view(stores.get(remove.slot()), remove.namespace()).remove(remove.key());
      StoreModel store = model.stores.get(remove.slot());
      String key = qualified(remove.namespace(), remove.key());
      assertThat(had).as("remove(%s) tells whether the key had a value", key).isEqualTo(store.view().containsKey(key));
      store.staged.put(key, Optional.empty());
    } else if (op instanceof Commit commit) {
      commit(stores.get(commit.slot()), model, model.stores.get(commit.slot()));
    } else if (op instanceof Refresh refresh) {
      stores.get(refresh.slot()).refresh();
      StoreModel store = model.stores.get(refresh.slot());
      store.base = model.head(store.branch);
    } else if (op instanceof Reset reset) {
      stores.get(reset.slot()).discardChanges();
      model.stores.get(reset.slot()).staged.clear();
    } else if (op instanceof CreateBranch create) {
      StoreModel store = model.stores.get(create.slot());
      if (model.branches.containsKey(create.branch())) {
        assertThatThrownBy(() -> repository.createBranch(create.branch(), store.branch))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
      } else if (!model.branches.containsKey(store.branch)) {
        assertThatThrownBy(() -> repository.createBranch(create.branch(), store.branch))
            .isInstanceOf(RevisionNotFoundException.class);
      } else {
        repository.createBranch(create.branch(), store.branch);
        model.branches.put(create.branch(), new ArrayList<>(model.branches.get(store.branch)));
        stores.set(create.slot(), repository.store(create.branch(), Codecs.utf8()));
        model.stores.set(create.slot(), new StoreModel(create.branch(), model.head(create.branch())));
      }
    } else if (op instanceof Switch change) {
      if (!model.branches.containsKey(change.branch()) && !model.branches.isEmpty()) {
        assertThatThrownBy(() -> repository.store(change.branch(), Codecs.utf8()))
            .isInstanceOf(RevisionNotFoundException.class).hasMessageContaining("no branch");
      } else {
        stores.set(change.slot(), repository.store(change.branch(), Codecs.utf8()));
        model.stores.set(change.slot(), new StoreModel(change.branch(), model.head(change.branch())));
      }
    } else if (op instanceof ResetBranchBack back) {
      String branch = model.stores.get(back.slot()).branch;
      List<Map<String, String>> history = model.branches.get(branch);
      if (history == null || history.size() < 2) {
        assertThatThrownBy(() -> repository.reset(branch, branch + "~1"))
            .isInstanceOf(RevisionNotFoundException.class);
      } else {
        repository.reset(branch, branch + "~1");
        history.remove(history.size() - 1);
      }
    } else {
      throw new AssertionError("unknown step " + op);
    }
  }

  private void commit(Store<String> store, Model model, StoreModel storeModel) {
    if (storeModel.staged.isEmpty()) {
      assertThatThrownBy(() -> store.commit("nothing")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("nothing to commit");
      Statistics.label("commit").collect("nothing staged");
      return;
    }
    Map<String, String> theirs = model.head(storeModel.branch);
    List<String> conflicts = new ArrayList<>();
    Map<String, String> merged = new TreeMap<>(theirs);
    storeModel.staged.forEach((key, staged) -> {
      String ours = staged.orElse(null);
      String before = storeModel.base.get(key);
      String other = theirs.get(key);
      if (!Objects.equals(before, other) && Objects.equals(ours, before)) {
        return; // only the branch changed the key since the store's base: the branch's value stands
      }
      if (!Objects.equals(before, other) && !Objects.equals(ours, other)) {
        conflicts.add(key);
      } else if (ours == null) {
        merged.remove(key);
      } else {
        merged.put(key, ours);
      }
    });
    if (!conflicts.isEmpty()) {
      Statistics.label("commit").collect("conflict");
      assertThatThrownBy(() -> store.commit("conflicting"))
          .isInstanceOfSatisfying(MergeConflictException.class,
              e -> assertThat(e.conflictingKeys()).containsExactlyInAnyOrderElementsOf(conflicts));
      assertThat(store.hasChanges()).as("a failed commit keeps the staged writes").isTrue();
      store.discardChanges();
      storeModel.staged.clear();
      return;
    }
    Statistics.label("commit").collect(storeModel.base.equals(theirs) ? "plain" : "merged");
    store.commit("step");
    model.branches.computeIfAbsent(storeModel.branch, branch -> new ArrayList<>()).add(merged);
    storeModel.base = merged;
    storeModel.staged.clear();
  }

  private void check(Repository repository, List<Store<String>> stores, Model model, Op op) {
    for (int slot = 0; slot < STORES; slot++) {
      Map<String, String> expected = model.stores.get(slot).view();
      for (String namespace : NAMESPACES) {
        Store<String> view = view(stores.get(slot), namespace);
        Map<String, String> inNamespace = inNamespace(expected, namespace);
        assertThat(contents(view)).as("store %d, %s, after %s", slot, namespace, op).isEqualTo(inNamespace);
        assertThat(view.size()).as("size of store %d, %s, after %s", slot, namespace, op).isEqualTo(inNamespace.size());
        for (String key : KEYS) {
          assertThat(view.get(key)).as("get(%s) of store %d after %s", key, slot, op).isEqualTo(inNamespace.get(key));
        }
      }
    }
    assertThat(repository.branches().keySet()).as("branches after %s", op).isEqualTo(model.branches.keySet());
    for (Map.Entry<String, List<Map<String, String>>> branch : model.branches.entrySet()) {
      Snapshot<String> snapshot = repository.snapshot(branch.getKey(), Codecs.utf8());
      Map<String, String> head = model.head(branch.getKey());
      for (String namespace : NAMESPACES) {
        Snapshot<String> view = namespace.isEmpty() ? snapshot : snapshot.namespace(namespace);
        assertThat(contents(view)).as("branch %s, %s, after %s", branch.getKey(), namespace, op)
            .isEqualTo(inNamespace(head, namespace));
      }
      assertThat(repository.log(branch.getKey()).count()).as("log length of %s after %s", branch.getKey(), op)
          .isEqualTo(branch.getValue().size());
    }
  }

  private static Map<String, String> inNamespace(Map<String, String> qualifiedContents, String namespace) {
    Map<String, String> contents = new TreeMap<>();
    qualifiedContents.forEach((qualified, value) -> {
      int slash = qualified.lastIndexOf('/');
      String keyNamespace = slash < 0 ? "" : qualified.substring(0, slash);
      if (keyNamespace.equals(namespace)) {
        contents.put(qualified.substring(slash + 1), value);
      }
    });
    return contents;
  }

  private static Store<String> view(Store<String> store, String namespace) {
    return namespace.isEmpty() ? store : store.namespace(namespace);
  }

  private static String qualified(String namespace, String key) {
    return namespace.isEmpty() ? key : namespace + "/" + key;
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> slot = Arbitraries.integers().between(0, STORES - 1);
    Arbitrary<String> namespace = Arbitraries.of(NAMESPACES);
    Arbitrary<String> key = Arbitraries.of(KEYS);
    Arbitrary<String> value = Arbitraries.of("1", "2", "3");
    Arbitrary<String> branch = Arbitraries.of(BRANCHES);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Combinators.combine(slot, namespace, key, value).as(Set::new)),
        net.jqwik.api.Tuple.of(3, Combinators.combine(slot, namespace, key).as(Remove::new)),
        net.jqwik.api.Tuple.of(6, slot.map(Commit::new)),
        net.jqwik.api.Tuple.of(1, slot.map(Refresh::new)),
        net.jqwik.api.Tuple.of(1, slot.map(Reset::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(slot, branch).as(CreateBranch::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(slot, branch).as(Switch::new)),
        net.jqwik.api.Tuple.of(1, slot.map(ResetBranchBack::new)));
    return op.list().ofMinSize(1).ofMaxSize(40);
  }

  /** The repository as maps. */
  static final class Model {
    /** Branch to its contents after each commit, oldest first. */
    final Map<String, List<Map<String, String>>> branches = new TreeMap<>();
    final List<StoreModel> stores = new ArrayList<>();

    Map<String, String> head(String branch) {
      List<Map<String, String>> history = branches.get(branch);
      return history == null || history.isEmpty() ? Map.of() : history.get(history.size() - 1);
    }
  }

  /** A store as its branch, base content and staged writes (an empty optional stages a removal). */
  static final class StoreModel {
    final String branch;
    Map<String, String> base;
    final Map<String, Optional<String>> staged = new LinkedHashMap<>();

    StoreModel(String branch, Map<String, String> base) {
      this.branch = branch;
      this.base = base;
    }

    Map<String, String> view() {
      Map<String, String> view = new HashMap<>(base);
      staged.forEach((key, value) -> {
        if (value.isPresent()) {
          view.put(key, value.get());
        } else {
          view.remove(key);
        }
      });
      return view;
    }
  }

}
