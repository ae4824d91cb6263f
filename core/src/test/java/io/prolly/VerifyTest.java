package io.prolly;

import io.prolly.error.CorruptNodeException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;

class VerifyTest {

  private final NodeStore store = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
  private final Repository repository = Prolly.over(store);

  VerifyTest() {
    Store<byte[]> main = repository.store("main", Codecs.bytes());
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 3_000; i++) {
      main.namespace("eu").set("order-" + i, bytes(random, 60));
    }
    main.set("big", bytes(random, 200_000));
    main.commit("first");
    main.set("small", bytes(random, 10));
    main.commit("second");
    repository.createBranch("side", "main~1");
  }

  @Example
  void aSoundRepositoryHasNoProblemsAndEveryCommitIsChecked() {
    List<VerifyReport> progress = new ArrayList<>();
    VerifyReport report = repository.maintenance().verify(progress::add);
    assertThat(report.problems()).isEmpty();
    assertThat(report.isClean()).isTrue();
    assertThat(report.commitsChecked()).isEqualTo(2);
    assertThat(report.nodesChecked()).isGreaterThan(10);
    assertThat(report.bytesChecked()).isGreaterThan(200_000);
    assertThat(progress).hasSize(2);
  }

  @Example
  void aMissingNodeOfANamespaceIsReportedWithItsPath() {
    Hash leaf = nodesOf(namespaceTree("eu")).get(5);
    replace(leaf, null);
    VerifyReport report = repository.maintenance().verify();
    assertThat(report.problems()).isNotEmpty().allSatisfy(problem -> {
      assertThat(problem.node()).isEqualTo(leaf);
      assertThat(problem.message()).contains("missing");
      assertThat(problem.path()).contains("namespace 'eu'").containsAnyOf("heads/main", "heads/side");
    });
  }

  @Example
  void aNodeWithOtherBytesIsReportedAsDamaged() {
    Hash node = nodesOf(namespaceTree("eu")).get(1);
    replace(node, new byte[] {1, 0, 0, 1, 2});
    assertThat(repository.maintenance().verify().problems()).extracting(VerifyReport.Problem::message)
        .anySatisfy(message -> assertThat(message).contains("damaged"));
  }

  @Example
  void aDamagedChunkOfALargeValueIsReported() {
    Hash chunk;
    try (var tx = store.beginRead()) {
      chunk = nodesOf(namespaceTree("")).stream().filter(id -> tx.get(id)[1] == 1).findFirst().orElseThrow();
    }
    replace(chunk, null);
    assertThat(repository.maintenance().verify().problems()).extracting(VerifyReport.Problem::message)
        .anySatisfy(message -> assertThat(message).contains("large value"));
  }

  @Example
  void aMissingParentCommitIsReported() {
    Hash first = repository.resolve("main~1");
    repository.deleteBranch("side");
    replace(first, null);
    assertThat(repository.maintenance().verify().problems()).singleElement().satisfies(problem -> {
      assertThat(problem.node()).isEqualTo(first);
      assertThat(problem.path()).isEqualTo("heads/main > commit " + first.toShortHex());
    });
  }

  @Example
  void nodesCutAgainstTheirTreesRulesAreReported() {
    Tree eu = namespaceTree("eu");
    io.prolly.tree.TreeConfig stricter = new io.prolly.tree.TreeConfig(8_000, 8_000, 16_384, 4, 4_096);
    List<String> problems = new ArrayList<>();
    try (var tx = store.beginRead()) {
      new io.prolly.tree.TreeVerifier(tx, (node, message) -> problems.add(message)).verify(new Tree(eu.root(), stricter));
    }
    assertThat(problems).isNotEmpty().allSatisfy(message -> assertThat(message).contains("minimum"));
    List<String> none = new ArrayList<>();
    try (var tx = store.beginRead()) {
      assertThat(new io.prolly.tree.TreeVerifier(tx, (node, message) -> none.add(message)).verify(eu)).isTrue();
    }
    assertThat(none).isEmpty();
  }

  @Example
  void readingADamagedNodeFailsNamingItEvenWithTheBackendsOwnCheckOff() {
    Hash leaf = nodesOf(namespaceTree("eu")).get(2);
    replace(leaf, damaged(leaf));
    Repository fresh = Prolly.over(store);
    Store<byte[]> eu = fresh.store("main", Codecs.bytes()).namespace("eu");
    assertThatThrownBy(() -> eu.entries().toList())
        .isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining(leaf.toShortHex())
        .hasMessageContaining("restore");
  }

  @Example
  void garbageCollectionStopsAtADamagedNodeInsteadOfDeletingWhatItRefersTo() {
    repository.createBranch("scratch", "main");
    Store<byte[]> scratch = repository.store("scratch", Codecs.bytes());
    scratch.namespace("eu").set("order-1", new byte[] {7});
    scratch.commit("garbage once the branch is gone");
    repository.deleteBranch("scratch");
    Hash internal = namespaceTree("eu").root();
    replace(internal, damaged(internal));
    long before = store.stats().nodeCount();
    assertThatThrownBy(repository.maintenance()::gc).isInstanceOf(CorruptNodeException.class);
    assertThat(store.stats().nodeCount()).isEqualTo(before);
  }

  @Example
  void whetherToCheckNodesIsAnOptionOfEveryStoreUri() {
    try (Repository unchecked = Prolly.open("memory:?verifyNodes=false")) {
      Store<String> main = unchecked.store("main", Codecs.utf8());
      main.set("k", "v");
      main.commit("one");
      assertThat(main.get("k")).isEqualTo("v");
    }
    assertThatThrownBy(() -> Prolly.open("memory:?verifyNodes=maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("verifyNodes");
  }

  private byte[] damaged(Hash id) {
    byte[] bytes;
    try (var tx = store.beginRead()) {
      bytes = tx.get(id).clone();
    }
    bytes[bytes.length / 2] ^= 0x10;
    return bytes;
  }

  private Tree namespaceTree(String namespace) {
    Namespace ns = namespace.isEmpty() ? Namespace.ROOT : Namespace.ROOT.resolve(namespace);
    return NamespaceRegistry.namespace(repository.reader(), repository.registryOf(repository.resolve("main")), ns);
  }

  private List<Hash> nodesOf(Tree tree) {
    List<Hash> ids = new ArrayList<>();
    try (var tx = store.beginRead()) {
      new TreeNodes(tx).walk(tree.root(), ids::add);
    }
    return ids;
  }

  private void replace(Hash id, byte @org.jspecify.annotations.Nullable [] bytes) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.delete(id);
      tx.commit();
    }
    if (bytes != null) {
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(id, bytes);
        tx.commit();
      }
    }
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
