package io.prolly.remote;

import io.prolly.Codecs;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import java.util.Map;
import java.util.TreeMap;

/** The history every served repository starts with, and how both JVMs read a branch's contents. */
final class SeedHistory {

  static final String[] NAMESPACES = {"even", "odd"};

  private SeedHistory() {}

  /** Two commits on main over the default namespace and two named ones, a tag, and a branch dev. */
  static void seed(Repository repository) {
    write(repository, "main", "seed", 0, 300);
    repository.createTag("v1", "main");
    repository.createBranch("dev", "main");
    write(repository, "main", "seed", 300, 40);
    write(repository, "dev", "dev", 0, 10);
  }

  /** What {@link #seed} leaves on a branch. */
  static Map<String, String> expected(String branch) {
    try (Repository repository = io.prolly.Prolly.inMemory()) {
      seed(repository);
      return contents(repository, branch);
    }
  }

  static void write(Repository repository, String branch, String prefix, int from, int count) {
    Store<String> store = repository.store(branch, Codecs.utf8());
    for (int i = from; i < from + count; i++) {
      store.set(String.format("%s-%06d", prefix, i), prefix + " value " + i + " ".repeat(i % 50));
      store.namespace(NAMESPACES[i % 2]).set(prefix + "-" + i, "n" + i);
    }
    store.commit(prefix + " keys " + from + " to " + (from + count));
  }

  /** Every key of a branch, named keys as {@code namespace/key}. */
  static Map<String, String> contents(Repository repository, String branch) {
    Map<String, String> all = new TreeMap<>();
    Snapshot<String> snapshot = repository.snapshot(branch, Codecs.utf8());
    snapshot.entries().forEach(entry -> all.put(entry.getKey(), entry.getValue()));
    for (String name : NAMESPACES) {
      snapshot.namespace(name).entries().forEach(entry -> all.put(name + "/" + entry.getKey(), entry.getValue()));
    }
    return all;
  }
}
