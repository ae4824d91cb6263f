package io.prolly.tck.repository;

import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Codecs;
import io.prolly.ReadableStore;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.TryResources;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every group of repository rules shares: a new repository per try, closed and deleted after
 * it (see {@link TryResources}), and small helpers to compare repositories.
 */
abstract class RulesBase extends TryResources<Repository> {

  RulesBase(BackendFixture fixture) {
    super(fixture, "repository");
  }

  /** Opens a new, empty repository on the backend under test. */
  final Repository newRepository() {
    Path directory = newDirectory("prolly-repo-tck-");
    StoreConfig config = fixture().config(directory).toBuilder().durability(Durability.EVENTUAL).build();
    return closeAfterTry(Prolly.over(fixture().provider().open(config)));
  }

  /** Opens a new, empty repository in memory, closed with the others after the try. */
  final Repository newMemoryRepository() {
    return closeAfterTry(Prolly.inMemory());
  }

  /** Everything a store shows in its namespace, in order. */
  static <V> Map<String, V> contents(ReadableStore<V> store) {
    Map<String, V> contents = new LinkedHashMap<>();
    store.entries().forEach(entry -> contents.put(entry.getKey(), entry.getValue()));
    return contents;
  }

  /** Where every branch and tag points, to check that a failed operation changed nothing. */
  static Map<String, SortedMap<String, Hash>> refs(Repository repository) {
    return Map.of("branches", repository.branches(), "tags", repository.tags());
  }

  /** A revision's keys qualified by namespace path, in every namespace. */
  static Map<String, String> contents(Repository repository, String revision) {
    Snapshot<String> snapshot = repository.snapshot(revision, Codecs.utf8());
    Map<String, String> all = new TreeMap<>();
    for (String key : snapshot.descendantKeys().toList()) {
      int slash = key.lastIndexOf('/');
      all.put(key, slash < 0 ? snapshot.get(key) : snapshot.namespace(key.substring(0, slash)).get(key.substring(slash + 1)));
    }
    return all;
  }
}
