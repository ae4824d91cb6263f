package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.TreeNodes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ChangedNodesTest {

  /**
   * Random edits of a repository with several namespaces and blobs (sets, deletes, a new
   * namespace, large values): the list holds every node of the new commit's trees that the
   * parent's trees lack, nothing outside the new trees, each node once and after every listed
   * node that refers to it.
   */
  @Property(tries = 12)
  void listsEveryNodeTheBaseLacksParentsFirst(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    try (Repository repository = Prolly.inMemory()) {
      Store<byte[]> store = repository.store("main", Codecs.bytes());
      int keys = 2000 + random.nextInt(4000);
      for (int i = 0; i < keys; i++) {
        store.namespace("ns" + (i % 3)).set(key(i), value(random, i % 97 == 0 ? 9000 : 40));
      }
      store.commit("base");
      Hash base = repository.resolve("main");
      int edits = 1 + random.nextInt(random.nextBoolean() ? 5 : 400);
      for (int i = 0; i < edits; i++) {
        int k = random.nextInt(keys + 100);
        Store<byte[]> namespace = store.namespace("ns" + random.nextInt(random.nextInt(10) == 0 ? 5 : 3));
        if (random.nextInt(4) == 0) {
          namespace.remove(key(k));
        } else {
          namespace.set(key(k), value(random, random.nextInt(20) == 0 ? 20000 : 40));
        }
      }
      store.commit("edits");
      Hash head = repository.resolve("main");
      try (ReadTransaction tx = repository.nodeStore().beginRead()) {
        ChangedNodes.Found found = ChangedNodes.between(tx, List.of(head), List.of(base), 65536);
        Set<Hash> ours = treeNodes(tx, head);
        Set<Hash> theirs = treeNodes(tx, base);
        Set<Hash> lacking = new HashSet<>(ours);
        lacking.removeAll(theirs);

        assertThat(found.complete()).isTrue();
        assertThat(found.nodes()).doesNotHaveDuplicates();
        assertThat(ours).containsAll(found.nodes());
        assertThat(found.nodes()).containsAll(lacking);
        Map<Hash, Integer> position = new HashMap<>();
        for (int i = 0; i < found.nodes().size(); i++) {
          position.put(found.nodes().get(i), i);
        }
        Set<Hash> registry = registryNodes(tx, head);
        for (Hash id : found.nodes()) {
          for (Hash child : children(tx, id, registry.contains(id))) {
            if (position.containsKey(child)) {
              assertThat(position.get(child)).as("%s after its parent %s", child, id).isGreaterThan(position.get(id));
            }
          }
        }
      }
    }
  }

  @Property(tries = 4)
  void stopsAtItsBoundWithAPrefixParentsFirst(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    try (Repository repository = Prolly.inMemory()) {
      Store<byte[]> store = repository.store("main", Codecs.bytes());
      for (int i = 0; i < 3000; i++) {
        store.set(key(i), value(random, 40));
      }
      store.commit("base");
      Hash base = repository.resolve("main");
      for (int i = 0; i < 300; i++) {
        store.set(key(random.nextInt(3000)), value(random, 40));
      }
      store.commit("edits");
      try (ReadTransaction tx = repository.nodeStore().beginRead()) {
        Hash head = repository.resolve("main");
        ChangedNodes.Found all = ChangedNodes.between(tx, List.of(head), List.of(base), 65536);
        ChangedNodes.Found some = ChangedNodes.between(tx, List.of(head), List.of(base), 5);
        assertThat(all.nodes().size()).isGreaterThan(5);
        assertThat(some.complete()).isFalse();
        assertThat(some.nodes().size()).isLessThanOrEqualTo(5);
        assertThat(some.nodes()).isEqualTo(all.nodes().subList(0, some.nodes().size()));
      }
    }
  }

  /** Every node of a commit's registry and namespace trees, blobs included. */
  private static Set<Hash> treeNodes(ReadTransaction tx, Hash commit) {
    Commit decoded = Commit.decode(commit, tx.get(commit));
    Set<Hash> nodes = new HashSet<>();
    Deque<Hash> todo = new ArrayDeque<>();
    for (Hash link : NodeLinks.stored(tx, commit, tx.get(commit))) {
      if (!decoded.parents().contains(link)) {
        todo.push(link);
      }
    }
    while (!todo.isEmpty()) {
      Hash id = todo.pop();
      if (!TreeNodes.isEmptyTree(id) && nodes.add(id)) {
        TreeNodes.references(id, tx.get(id)).forEach(todo::push);
      }
    }
    return nodes;
  }

  private static Set<Hash> registryNodes(ReadTransaction tx, Hash commit) {
    Set<Hash> nodes = new HashSet<>();
    new TreeNodes(tx).walk(Commit.decode(commit, tx.get(commit)).root(), nodes::add);
    return nodes;
  }

  private static Set<Hash> children(ReadTransaction tx, Hash id, boolean registry) {
    byte[] bytes = tx.get(id);
    Set<Hash> children = new HashSet<>(TreeNodes.references(id, bytes));
    if (registry) {
      children.addAll(NodeLinks.inContext(id, bytes, NodeLinks.Kind.REGISTRY).keySet());
    }
    return children;
  }

  private static String key(int i) {
    return String.format("key-%08d", i);
  }

  private static byte[] value(SplittableRandom random, int size) {
    byte[] value = new byte[size];
    random.nextBytes(value);
    return value;
  }
}
