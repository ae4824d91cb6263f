package io.prolly.tck.repository;

import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.ReadableStore;
import io.prolly.Store;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.OpenStores;
import io.prolly.tck.TestDirectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/** What every group of repository rules shares: a new repository per try, closed and deleted after it. */
abstract class RulesBase {

  private final BackendFixture fixture;
  private final OpenStores<Repository> opened = new OpenStores<>();
  private final List<Path> directories = new ArrayList<>();

  RulesBase(BackendFixture fixture) {
    this.fixture = fixture;
  }

  @BeforeTry
  final void startTry() {
    cleanUp();
  }

  @AfterTry
  final void finishTry() {
    cleanUp();
  }

  @AfterProperty
  final void finishProperty() {
    cleanUp();
  }

  /** Opens a new, empty repository on the backend under test. */
  final Repository newRepository() {
    Path directory = TestDirectories.create("prolly-repo-tck-");
    directories.add(directory);
    StoreConfig config = fixture.config(directory).toBuilder().durability(Durability.EVENTUAL).build();
    Repository repository = Prolly.over(fixture.provider().open(config));
    opened.add(repository);
    return repository;
  }

  /** Opens a new, empty repository in memory, closed with the others after the try. */
  final Repository newMemoryRepository() {
    Repository repository = Prolly.inMemory();
    opened.add(repository);
    return repository;
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

  private void cleanUp() {
    RuntimeException failure = opened.closeAll();
    directories.forEach(TestDirectories::delete);
    directories.clear();
    if (failure != null) {
      throw new AssertionError("closing a repository failed", failure);
    }
  }
}
