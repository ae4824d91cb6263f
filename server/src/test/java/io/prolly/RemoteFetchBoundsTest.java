package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.commit.Commit;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.TreeNodes;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What an incremental fetch costs, counted exactly: a 0.01 % change of a 100,000-key repository
 * (16-byte keys, 100-byte values) puts at most 1.1 times the bytes of the new nodes on the wire,
 * both ways, and takes at most 2 × tree depth + 2 round trips; a fetch with nothing new takes
 * one round trip and moves no node. The proxy counts the bytes, the server the requests.
 * {@code -Dprolly.fetchBounds.keys=1000000} checks the same of a larger repository (the figures
 * of docs/benchmarks.md), and the test prints what it counted.
 */
class RemoteFetchBoundsTest {

  static final int KEYS = Integer.getInteger("prolly.fetchBounds.keys", 100_000);

  static String key(int i) {
    return String.format("k%015d", i);
  }

  @Test
  void anIncrementalFetchMovesLittleMoreThanTheNewNodesInFewRoundTrips() throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    try (Repository origin = Prolly.open("memory:");
        Repository clone = Prolly.open("memory:");
        ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
            .serve("repo", origin).start();
        CuttingProxy proxy = new CuttingProxy(server.port(), false)) {
      Store<byte[]> store = origin.store("main", Codecs.bytes());
      for (int i = 0; i < KEYS; i++) {
        store.set(key(i), value(random));
      }
      store.commit("load");
      Remote remote = Prolly.remote(URI.create("http://127.0.0.1:" + proxy.port() + "/repo"));
      clone.transfer().cloneFrom(remote);

      for (int i = 0; i < KEYS / 10_000; i++) {
        store.set(key(random.nextInt(KEYS)), value(random));
      }
      store.commit("change 0.01 %");
      Set<Hash> before = ids(clone);
      long newNodes = 0;
      long newBytes = 0;
      try (ReadTransaction tx = origin.nodeStore().beginRead()) {
        for (Hash id : ids(origin)) {
          if (!before.contains(id)) {
            newNodes++;
            newBytes += tx.get(id).length;
          }
        }
      }
      int depth = depth(origin, origin.resolve("main"));
      proxy.reset();
      long requests = server.requests();
      SyncReport fetched = clone.transfer().fetch(remote, "main");
      long roundTrips = server.requests() - requests;
      long wire = proxy.sent() + proxy.answered();
      System.out.printf("fetch of %d changed keys of %d: %d new nodes of %d bytes, %d bytes on the wire (%d sent, "
          + "%.3f x), %d round trips, tree depth %d%n", KEYS / 10_000, KEYS, newNodes, newBytes, wire, proxy.sent(),
          wire / (double) newBytes, roundTrips, depth);

      assertThat(fetched.nodesTransferred()).as("nodes fetched: exactly the new ones").isEqualTo(newNodes);
      assertThat(fetched.bytesTransferred()).isEqualTo(newBytes);
      assertThat(depth).as("tree depth").isGreaterThanOrEqualTo(3);
      assertThat(wire).as("bytes on the wire for %d new nodes of %d bytes", newNodes, newBytes)
          .isLessThanOrEqualTo(newBytes * 11 / 10);
      assertThat(roundTrips).as("round trips for a tree of depth %d", depth).isLessThanOrEqualTo(2L * depth + 2);
      assertThat(roundTrips).as("round trips with the changes listing: refs, commits, nodes").isEqualTo(3);
      assertThat(clone.resolve("fetched/main")).isEqualTo(origin.resolve("main"));

      proxy.reset();
      requests = server.requests();
      SyncReport noop = clone.transfer().fetch(remote, "main");
      assertThat(server.requests() - requests).as("round trips of a fetch with nothing new").isEqualTo(1);
      assertThat(noop.nodesTransferred()).isZero();
      assertThat(noop.refsUpdated()).isEmpty();
      assertThat(proxy.answered()).as("bytes of the refs answer").isLessThan(1024);

      // The other way: a push of a 0.01 % change asks about every changed node in one round.
      clone.merge("fetched/main", "main");
      Store<byte[]> cloned = clone.store("main", Codecs.bytes());
      for (int i = 0; i < KEYS / 10_000; i++) {
        cloned.set(key(random.nextInt(KEYS)), value(random));
      }
      cloned.commit("change 0.01 % back");
      long served = ids(origin).size();
      requests = server.requests();
      SyncReport pushed = clone.transfer().push(remote, "main");
      assertThat(server.requests() - requests).as("round trips of the push: refs, have, push").isEqualTo(3);
      assertThat(pushed.nodesTransferred()).as("nodes pushed: each one the server lacked").isPositive()
          .isEqualTo(ids(origin).size() - served);
      assertThat(origin.resolve("main")).isEqualTo(clone.resolve("main"));
      assertThat(origin.maintenance().verify().problems()).as("nothing the pushed commit needs is missing").isEmpty();
    }
  }

  static byte[] value(SplittableRandom random) {
    byte[] value = new byte[100];
    random.nextBytes(value);
    return value;
  }

  private static Set<Hash> ids(Repository repository) {
    Set<Hash> ids = new HashSet<>();
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      tx.forEachNode(ids::add);
    }
    return ids;
  }

  /** Levels of the commit's deepest namespace tree, root to leaf. */
  static int depth(Repository repository, Hash commit) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      Commit decoded = Commit.decode(commit, tx.get(commit));
      int deepest = 0;
      for (Hash root : NodeLinks.stored(tx, commit, tx.get(commit))) {
        if (!decoded.parents().contains(root) && !root.equals(decoded.root())) {
          deepest = Math.max(deepest, height(tx, root));
        }
      }
      return deepest;
    }
  }

  private static int height(ReadTransaction tx, Hash id) {
    int below = 0;
    for (Hash child : TreeNodes.references(id, tx.get(id))) {
      below = Math.max(below, height(tx, child));
      break; // a prolly tree's leaves are all at one level
    }
    return below + 1;
  }
}
