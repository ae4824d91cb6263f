package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.RemoteException;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.net.InetAddress;
import java.net.URI;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Connections cut at {@value #CUTS} seeded random byte offsets of a push and of a clone (streamed,
 * and level by level as from a server without the {@code stream} capability), through a proxy
 * that counts the bytes it forwards: the receiver keeps its refs and only complete subtrees, and
 * the retry sends exactly the nodes that did not arrive, its bytes on the wire at
 * most those of the whole transfer less the frames of the nodes that had arrived.
 */
class RemoteCutTest {

  private static final int CUTS = 50;
  private static final int INCREMENTAL_CUTS = 30;

  /** A node on the wire: its id, its length, its bytes. */
  private static final int FRAME = Hash.LENGTH + 4;

  private static Repository history() {
    Repository source = Prolly.open("memory:");
    RemoteSyncTest.commit(source, "main", 0, 4000);
    RemoteSyncTest.commit(source, "main", 4000, 400);
    return source;
  }

  @Test
  void aPushCutAtAnyByteLeavesTheServerWithoutNewRefsAndTheRetrySendsOnlyWhatIsMissing() throws Exception {
    Random random = new Random(16);
    try (Repository source = history()) {
      SyncReport whole;
      long wire;
      try (Repository target = Prolly.open("memory:");
          ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
              .serve("repo", target).start();
          CuttingProxy proxy = new CuttingProxy(server.port(), true)) {
        whole = source.transfer().push(through(proxy), "main");
        wire = proxy.sent();
      }
      assertThat(wire).isGreaterThan(whole.bytesTransferred() + FRAME * whole.nodesTransferred());
      int partial = 0;
      for (int cut = 0; cut < CUTS; cut++) {
        try (Repository target = Prolly.open("memory:")) {
          long at = (long) (random.nextDouble() * wire);
          // Closing the server waits for the cut push to end, so that the count below is final.
          try (ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
              .serve("repo", target).start();
              CuttingProxy proxy = new CuttingProxy(server.port(), true)) {
            proxy.cutAfter(at);
            assertThatThrownBy(() -> source.transfer().push(through(proxy), "main"))
                .as("a push cut after %d of %d bytes", at, wire).isInstanceOf(RemoteException.class);
          }
          assertThat(target.branches()).as("cut %d after %d bytes: refs", cut, at).isEmpty();
          RemoteSyncTest.assertNoDanglingNodes(target);
          assertThat(target.maintenance().verify().problems()).isEmpty();
          long arrived = RemoteSyncTest.nodeCount(target);
          long arrivedBytes = RemoteSyncTest.nodeBytes(target);
          partial += arrived > 0 ? 1 : 0;

          try (ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
              .serve("repo", target).start();
              CuttingProxy proxy = new CuttingProxy(server.port(), true)) {
            SyncReport retry = source.transfer().push(through(proxy), "main");
            assertThat(retry.nodesTransferred()).as("cut %d: nodes sent again", cut)
                .isEqualTo(whole.nodesTransferred() - arrived);
            assertThat(retry.bytesTransferred()).isEqualTo(whole.bytesTransferred() - arrivedBytes);
            assertThat(proxy.sent()).as("cut %d: bytes on the wire of the retry", cut)
                .isLessThanOrEqualTo(wire - arrivedBytes - FRAME * arrived);
          }
          assertThat(target.branches()).isEqualTo(source.branches());
          assertThat(target.maintenance().verify().problems()).isEmpty();
          assertThat(RemoteSyncTest.nodeCount(target)).isEqualTo(whole.nodesTransferred());
        }
      }
      assertThat(partial).as("cuts after which some nodes had arrived, which the retry skipped").isGreaterThan(CUTS / 2);
    }
  }

  /**
   * A push on top of a history the server has, which asks about every changed node in one round,
   * and a fetch of it through the {@code changes} listing, which asks for them in one request and
   * writes the last nodes with the fetched ref: cut at {@value #INCREMENTAL_CUTS} seeded offsets
   * each, the receiver keeps its refs and only complete subtrees, and the retry moves exactly what
   * did not arrive.
   */
  @Test
  void anIncrementalPushOrFetchCutAtAnyByteKeepsTheRefsAndTheRetryMovesOnlyWhatIsMissing() throws Exception {
    Random random = new Random(1616);
    try (Repository base = Prolly.open("memory:")) {
      RemoteSyncTest.commit(base, "main", 0, 4000);
      try (Repository source = Prolly.open("memory:")) {
        base.transfer().cloneInto(source);
        RemoteSyncTest.commit(source, "main", 4000, 400);
        long baseNodes = RemoteSyncTest.nodeCount(base);
        long baseBytes = RemoteSyncTest.nodeBytes(base);
        for (boolean push : new boolean[] {true, false}) {
          SyncReport whole;
          long wire;
          try (Repository target = copyOf(base);
              ProllyServer server = serve(push ? target : source);
              CuttingProxy proxy = new CuttingProxy(server.port(), push)) {
            whole = push ? source.transfer().push(through(proxy), "main")
                : target.transfer().fetch(through(proxy), "main");
            wire = push ? proxy.sent() : proxy.answered();
            assertThat(whole.nodesTransferred()).isEqualTo(RemoteSyncTest.nodeCount(source) - baseNodes);
          }
          int partial = 0;
          for (int cut = 0; cut < INCREMENTAL_CUTS; cut++) {
            long at = (long) (random.nextDouble() * wire);
            try (Repository target = copyOf(base)) {
              SortedMap<String, Hash> refs = refs(target);
              try (ProllyServer server = serve(push ? target : source);
                  CuttingProxy proxy = new CuttingProxy(server.port(), push)) {
                proxy.cutAfter(at);
                assertThatThrownBy(() -> {
                  if (push) {
                    source.transfer().push(through(proxy), "main");
                  } else {
                    target.transfer().fetch(through(proxy), "main");
                  }
                }).as("%s cut after %d of %d bytes", push ? "a push" : "a fetch", at, wire)
                    .isInstanceOf(RemoteException.class);
              }
              assertThat(refs(target)).as("cut %d after %d bytes: refs", cut, at).isEqualTo(refs);
              RemoteSyncTest.assertNoDanglingNodes(target);
              assertThat(target.maintenance().verify().problems()).isEmpty();
              long arrived = RemoteSyncTest.nodeCount(target) - baseNodes;
              long arrivedBytes = RemoteSyncTest.nodeBytes(target) - baseBytes;
              partial += arrived > 0 ? 1 : 0;

              try (ProllyServer server = serve(push ? target : source);
                  CuttingProxy proxy = new CuttingProxy(server.port(), push)) {
                SyncReport retry = push ? source.transfer().push(through(proxy), "main")
                    : target.transfer().fetch(through(proxy), "main");
                assertThat(retry.nodesTransferred()).as("cut %d: nodes moved again", cut)
                    .isEqualTo(whole.nodesTransferred() - arrived);
                assertThat(retry.bytesTransferred()).isEqualTo(whole.bytesTransferred() - arrivedBytes);
                assertThat(push ? proxy.sent() : proxy.answered()).as("cut %d: bytes on the wire of the retry", cut)
                    .isLessThanOrEqualTo(wire - arrivedBytes - FRAME * arrived);
              }
              assertThat(target.resolve(push ? "main" : "fetched/main")).isEqualTo(source.resolve("main"));
              assertThat(target.maintenance().verify().problems()).isEmpty();
              assertThat(RemoteSyncTest.nodeCount(target)).isEqualTo(RemoteSyncTest.nodeCount(source));
            }
          }
          assertThat(partial).as("%s cuts after which some nodes had arrived", push ? "push" : "fetch")
              .isGreaterThan(INCREMENTAL_CUTS / 4);
        }
      }
    }
  }

  private static Repository copyOf(Repository base) {
    Repository copy = Prolly.open("memory:");
    base.transfer().cloneInto(copy);
    return copy;
  }

  private static ProllyServer serve(Repository repository) {
    return ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).serve("repo", repository).start();
  }

  private static SortedMap<String, Hash> refs(Repository repository) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      return new TreeMap<>(tx.refs(""));
    }
  }

  private static Remote through(CuttingProxy proxy) {
    return Prolly.remote(URI.create("http://127.0.0.1:" + proxy.port() + "/repo"));
  }

  @Test
  void aStreamedCloneCutAtAnyByteLeavesTheClientWithoutNewRefsAndTheRetryFetchesOnlyWhatIsMissing() throws Exception {
    cutClones(true, 61);
  }

  @Test
  void aFetchCutAtAnyByteLeavesTheClientWithoutNewRefsAndTheRetryFetchesOnlyWhatIsMissing() throws Exception {
    cutClones(false, 62);
  }

  /** Clones cut at random bytes, by one stream answer or by nodes requests level by level, and their retries. */
  private static void cutClones(boolean stream, long seed) throws Exception {
    Random random = new Random(seed);
    try (Repository source = history();
        ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
            .serve("repo", source).start();
        CuttingProxy proxy = new CuttingProxy(server.port(), false)) {
      SyncReport whole;
      long requests = server.requests();
      try (Repository probe = Prolly.open("memory:")) {
        whole = RemoteSync.cloneFrom(probe, through(proxy), CloneOptions.FULL, stream);
      }
      // Refs and one stream; or refs, commits and a nodes request a level.
      if (stream) {
        assertThat(server.requests() - requests).as("requests of a streamed clone").isEqualTo(2);
      } else {
        assertThat(server.requests() - requests).as("requests of a clone level by level").isGreaterThan(3);
      }
      long wire = proxy.answered();
      assertThat(wire).isGreaterThan(whole.bytesTransferred() + FRAME * whole.nodesTransferred());
      int partial = 0;
      for (int cut = 0; cut < CUTS; cut++) {
        try (Repository target = Prolly.open("memory:")) {
          long at = (long) (random.nextDouble() * wire);
          proxy.reset();
          proxy.cutAfter(at);
          assertThatThrownBy(() -> RemoteSync.cloneFrom(target, through(proxy), CloneOptions.FULL, stream))
              .as("a clone cut after %d of %d bytes", at, wire).isInstanceOf(RemoteException.class);
          assertThat(target.branches()).as("cut %d after %d bytes: refs", cut, at).isEmpty();
          RemoteSyncTest.assertNoDanglingNodes(target);
          assertThat(target.maintenance().verify().problems()).isEmpty();
          long arrived = RemoteSyncTest.nodeCount(target);
          long arrivedBytes = RemoteSyncTest.nodeBytes(target);
          partial += arrived > 0 ? 1 : 0;

          proxy.reset();
          SyncReport retry = RemoteSync.cloneFrom(target, through(proxy), CloneOptions.FULL, stream);
          assertThat(retry.nodesTransferred()).as("cut %d: nodes fetched again", cut)
              .isEqualTo(whole.nodesTransferred() - arrived);
          assertThat(retry.bytesTransferred()).isEqualTo(whole.bytesTransferred() - arrivedBytes);
          assertThat(proxy.answered()).as("cut %d: bytes on the wire of the retry", cut)
              .isLessThanOrEqualTo(wire - arrivedBytes - FRAME * arrived);
          assertThat(target.branches()).isEqualTo(source.branches());
          assertThat(target.maintenance().verify().problems()).isEmpty();
        }
      }
      assertThat(partial).as("cuts after which some nodes had arrived, which the retry skipped").isGreaterThan(CUTS / 2);
    }
  }
}
