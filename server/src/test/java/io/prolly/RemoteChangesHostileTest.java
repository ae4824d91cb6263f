package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.RemoteException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A fetch from a hostile server that offers {@code changes} and answers the {@code commits}
 * request with a wrong list of changed nodes. A list over the protocol's bound is refused before
 * anything is asked or written. Any other list is a hint the client never trusts: ids the server
 * then does not send fail the fetch with nothing written but whole subtrees, and listed nodes no
 * fetched node refers to (unrelated, out of order, repeated) are never stored; the fetch ends as
 * it does without the list.
 */
class RemoteChangesHostileTest {

  private Repository source;
  /** The source's main before the change, without the other branch: what each fetch starts from. */
  private Repository base;
  private ScriptedServer server;
  /** The real commits answer to the client's fetch: the new commits and the changed nodes. */
  private List<Hash> commits;
  private List<Hash> changed;
  /** Nodes the server holds that the fetched branch does not reach. */
  private List<Hash> unrelated;
  private Set<Hash> sourceNodes;
  private Map<String, String> expected;

  @BeforeEach
  void serve() throws IOException {
    source = Prolly.open("memory:");
    RemoteSyncTest.commit(source, "main", 0, 2000);
    Set<Hash> before = nodes(source);
    source.createBranch("other", "main");
    RemoteSyncTest.commit(source, "other", 5000, 300);
    Set<Hash> withOther = nodes(source);
    withOther.removeAll(before);
    unrelated = List.copyOf(withOther);
    server = new ScriptedServer(source);
    base = Prolly.open("memory:");
    source.transfer().cloneInto(base);
    base.deleteBranch("other");
    base.maintenance().gc();
    Hash old = base.resolve("main");
    RemoteSyncTest.commit(source, "main", 2000, 200);
    expected = RemoteSyncTest.contents(source, "main");
    sourceNodes = nodes(source);
    byte[] answer = server.real("POST", "commits", "fetch, changes", request(source.resolve("main"), old));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer));
    commits = RemoteProtocol.readIds(in, 0, Integer.MAX_VALUE, "commits");
    changed = RemoteProtocol.readIds(in, 0, RemoteProtocol.MAX_CHANGES, "changed nodes");
    assertThat(in.read()).as("the end of the answer").isEqualTo(-1);
    assertThat(commits).hasSize(1);
    assertThat(changed).as("a change the list covers").hasSizeGreaterThan(3);
  }

  @AfterEach
  void close() {
    server.close();
    base.close();
    source.close();
  }

  /** A complete repository holding the source's main as it was, ready to fetch on top of it. */
  private Repository fresh() {
    Repository clone = Prolly.open("memory:");
    base.transfer().cloneInto(clone);
    return clone;
  }

  private static Set<Hash> nodes(Repository repository) {
    Set<Hash> all = new HashSet<>();
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      tx.forEachNode(all::add);
    }
    return all;
  }

  private static byte[] request(Hash want, Hash have) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    RemoteProtocol.writeIds(out, List.of(want));
    RemoteProtocol.writeIds(out, List.of(have));
    return bytes.toByteArray();
  }

  private byte[] answer(List<Hash> listedCommits, List<Hash> listedNodes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    RemoteProtocol.writeIds(out, listedCommits);
    RemoteProtocol.writeIds(out, listedNodes);
    return bytes.toByteArray();
  }

  /** A wrong changes list and whether the fetch must fail for it (with the message) or end as without it. */
  private record Case(String name, UnaryOperator<List<Hash>> wrong, String failure) {}

  private List<Case> cases() {
    List<Hash> strangers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      strangers.add(Hash.of(("not a node " + i).getBytes()));
    }
    return List.of(
        new Case("reversed: every node before the nodes that refer to it", list -> {
          List<Hash> reversed = new ArrayList<>(list);
          Collections.reverse(reversed);
          return reversed;
        }, ""),
        new Case("every node listed three times", list -> {
          List<Hash> repeated = new ArrayList<>();
          list.forEach(id -> repeated.addAll(List.of(id, id, id)));
          return repeated;
        }, ""),
        new Case("shuffled with nodes of another branch", list -> {
          List<Hash> mixed = new ArrayList<>(unrelated);
          mixed.addAll(list);
          Collections.shuffle(mixed, new java.util.Random(42));
          return mixed;
        }, ""),
        new Case("only nodes of another branch", list -> unrelated, ""),
        new Case("the commits themselves and their parents", list -> List.of(commits.get(0),
            source.resolve("main~1"), commits.get(0)), ""),
        new Case("ids of nodes the server does not have", list -> {
          List<Hash> withStrangers = new ArrayList<>(list);
          withStrangers.addAll(2, strangers);
          return withStrangers;
        }, "does not have node"),
        new Case("over the protocol's bound", list -> {
          List<Hash> huge = new ArrayList<>(list);
          while (huge.size() <= RemoteProtocol.MAX_CHANGES) {
            huge.add(Hash.of(new byte[] {(byte) huge.size(), (byte) (huge.size() >> 8)}));
          }
          return huge;
        }, "0 to " + RemoteProtocol.MAX_CHANGES));
  }

  @TestFactory
  Stream<DynamicTest> aWrongChangesListIsRefusedOrIgnoredAndNothingItNamesIsStoredWithoutAReferrer() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      server.script("commits", new ScriptedServer.Answer(200, answer(commits, c.wrong().apply(changed))));
      try (Repository clone = fresh()) {
        Hash main = clone.resolve("main");
        Set<Hash> before = nodes(clone);
        if (c.failure().isEmpty()) {
          SyncReport fetched = clone.transfer().fetch(server.remote(), "main");
          assertThat(fetched.refsUpdated()).containsExactly("fetched/main");
          assertThat(RemoteSyncTest.contents(clone, "fetched/main")).isEqualTo(expected);
          Set<Hash> added = nodes(clone);
          added.removeAll(before);
          assertThat(added).as("nodes stored besides the fetched commit's")
              .allSatisfy(id -> assertThat(unrelated).doesNotContain(id))
              .allSatisfy(id -> assertThat(sourceNodes).contains(id));
        } else {
          assertThatThrownBy(() -> clone.transfer().fetch(server.remote(), "main"))
              .isInstanceOf(RemoteException.class).hasMessageContaining(c.failure());
          try (ReadTransaction tx = clone.nodeStore().beginRead()) {
            assertThat(tx.ref("fetched/main")).as("no ref moved").isNull();
          }
          Set<Hash> added = nodes(clone);
          added.removeAll(before);
          assertThat(added).as("only nodes of the source stored").allSatisfy(id -> assertThat(sourceNodes)
              .contains(id));
          assertThat(added).doesNotContainAnyElementsOf(unrelated);
        }
        assertThat(clone.resolve("main")).isEqualTo(main);
        RemoteSyncTest.assertNoDanglingNodes(clone);
        assertThat(clone.maintenance().verify().problems()).isEmpty();
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> theRightListFetchesTheChangeInOneNodesRequest() {
    return Stream.of(DynamicTest.dynamicTest("the list as the server sends it", () -> {
      server.script("commits", new ScriptedServer.Answer(200, answer(commits, changed)));
      try (Repository clone = fresh()) {
        server.asked().clear();
        clone.transfer().fetch(server.remote(), "main");
        assertThat(server.asked()).containsExactly("refs", "commits", "nodes");
        assertThat(RemoteSyncTest.contents(clone, "fetched/main")).isEqualTo(expected);
      }
    }));
  }
}
