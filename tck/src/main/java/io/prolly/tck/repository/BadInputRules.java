package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.Repository;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.Store;
import io.prolly.error.StoreClosedException;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Every misuse gets a clear exception and leaves the repository as it was. */
abstract class BadInputRules extends RulesBase {

  BadInputRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "Every public entry point validates its arguments and throws IllegalArgumentException saying "
      + "what was wrong; a failed operation writes nothing (Repository).",
      catches = "a branch or tag name with '..', a space or a control character accepted and written as a ref")
  @Example
  void invalidNamesAreRefusedWithTheRuleTheyBreak() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    for (String name : List.of("", "a..b", "/lead", "trail/", "a//b", "bell\u0007", "x.lock", "a b", "a~1")) {
      unchanged(repository, () -> repository.createBranch(name, "main"), IllegalArgumentException.class, "branch");
      unchanged(repository, () -> repository.createTag(name, "main"), IllegalArgumentException.class, "tag");
    }
    unchanged(repository, () -> repository.createBranch("main", "main"), IllegalArgumentException.class,
        "already exists");
    unchanged(repository, () -> repository.store("main", Codecs.utf8()).namespace("a//b"),
        IllegalArgumentException.class, "empty segment");
  }

  @Contract(value = "resolve throws RevisionNotFoundException if the revision names no commit or is an ambiguous "
      + "prefix; the message lists the candidates (Repository.resolve).",
      catches = "an ambiguous commit prefix resolved to the first match")
  @Example
  void unknownAndAmbiguousRevisionsAreNamedInTheError() {
    Repository repository = newRepository();
    Store<String> store = repository.store("main", Codecs.utf8());
    Map<String, String> byPrefix = new HashMap<>();
    String ambiguous = null;
    for (int i = 0; ambiguous == null; i++) {
      store.set("k", Integer.toString(i));
      String id = store.commit("commit " + i).id().toHex();
      String previous = byPrefix.put(id.substring(0, 4), id);
      if (previous != null) {
        ambiguous = id.substring(0, 4);
      }
    }
    String prefix = ambiguous;
    unchanged(repository, () -> repository.resolve(prefix), RevisionNotFoundException.class, "several commits");
    unchanged(repository, () -> repository.resolve("nope"), RevisionNotFoundException.class, "nope");
    unchanged(repository, () -> repository.snapshot("main~100000", Codecs.utf8()), RevisionNotFoundException.class,
        "main~100000");
    unchanged(repository, () -> repository.merge("nope", "main"), RevisionNotFoundException.class, "nope");
    unchanged(repository, () -> repository.deleteBranch("nope"), RevisionNotFoundException.class, "nope");
    unchanged(repository, () -> repository.reset("nope", "main"), RevisionNotFoundException.class, "nope");
  }

  @Contract(value = "set throws IllegalArgumentException if the key or value is null, the key is too long, or the "
      + "codec cannot encode the value; nothing is staged (WritableStore.set).",
      catches = "a key over 4,096 UTF-8 bytes staged and the failure left to the commit")
  @Example
  void nullsOversizedKeysAndUnregisteredClassesAreRefusedBeforeAnythingIsStaged() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    Store<String> store = repository.store("main", Codecs.utf8());
    unchanged(repository, () -> store.set(null, "v"), IllegalArgumentException.class, "key is null");
    unchanged(repository, () -> store.set("k", null), IllegalArgumentException.class, "remove");
    unchanged(repository, () -> store.get(null), IllegalArgumentException.class, "key is null");
    unchanged(repository, () -> store.set("x".repeat(4097), "v"), IllegalArgumentException.class, "4096");
    unchanged(repository, () -> store.removeExisting("absent"), java.util.NoSuchElementException.class, "absent");
    unchanged(repository, () -> store.require("absent"), java.util.NoSuchElementException.class, "absent");
    assertThat(store.hasChanges()).isFalse();
    Store<Object> objects = repository.store("main", Codecs.kryo(Object.class));
    unchanged(repository, () -> objects.set("thread", new StringBuilder("not registered")),
        IllegalArgumentException.class, "register");
    assertThat(objects.hasChanges()).isFalse();
    unchanged(repository, () -> store.commit("nothing staged"), IllegalStateException.class, "nothing to commit");
  }

  @Contract(value = "close() closes the storage and is idempotent; using the repository or its stores afterwards "
      + "throws StoreClosedException (Repository).",
      catches = "a backend whose transactions keep working after close, or a second close that throws")
  @Example
  void aClosedRepositoryRefusesEveryOperation() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("b", "2");
    repository.close();
    repository.close();
    assertThatThrownBy(() -> store.get("a")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> store.commit("after close")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> repository.branches()).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> repository.createBranch("x", "main")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> repository.log("main")).isInstanceOf(StoreClosedException.class);
  }

  private static void unchanged(Repository repository, ThrowingCallable call, Class<? extends Throwable> type,
      String messagePart) {
    Map<String, ?> before = refs(repository);
    long nodes = repository.maintenance().stats().nodeCount();
    assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(messagePart);
    assertThat(refs(repository)).as("refs after a refused call").isEqualTo(before);
    assertThat(repository.maintenance().stats().nodeCount()).as("nodes after a refused call").isEqualTo(nodes);
  }

}
