package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.RemoteException;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Connections cut at {@value #CUTS} seeded random byte offsets of a push and of a clone, through a
 * proxy that counts the bytes it forwards: the receiver keeps its refs and only complete
 * subtrees, and the retry sends exactly the nodes that did not arrive, its bytes on the wire at
 * most those of the whole transfer less the frames of the nodes that had arrived.
 */
class RemoteCutTest {

  private static final int CUTS = 50;

  /** Forwards one connection at a time, cutting every connection once {@code budget} bytes went the watched way. */
  static final class CuttingProxy implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
    /** Bytes forwarded from the client to the server, and back. */
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final boolean upstream;

    CuttingProxy(int target, boolean upstream) throws IOException {
      this.upstream = upstream;
      Thread accept = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket client = socket.accept();
            Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
            // Like the server and the client: no Nagle delay on small writes through the proxy.
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            pipe(client, server, upstream, sent);
            pipe(server, client, !upstream, answered);
          } catch (IOException e) {
            return;
          }
        }
      });
      accept.setDaemon(true);
      accept.start();
    }

    void cutAfter(long bytes) {
      budget.set(bytes);
    }

    /** Stops cutting and counts from zero again. */
    void reset() {
      budget.set(Long.MAX_VALUE);
      sent.set(0);
      answered.set(0);
    }

    /** Bytes forwarded from the client to the server since the last reset. */
    long sent() {
      return sent.get();
    }

    /** Bytes forwarded from the server to the client since the last reset. */
    long answered() {
      return answered.get();
    }

    private void pipe(Socket from, Socket to, boolean watched, AtomicLong forwarded) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            if (watched) {
              long left = budget.getAndAdd(-n);
              if (left < n) {
                out.write(buffer, 0, (int) Math.max(0, left));
                out.flush();
                forwarded.addAndGet(Math.max(0, left));
                break;
              }
            }
            out.write(buffer, 0, n);
            out.flush();
            forwarded.addAndGet(n);
          }
        } catch (IOException ignored) {
          // the other direction closed
        } finally {
          close(from);
          close(to);
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    private static void close(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

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

  private static Remote through(CuttingProxy proxy) {
    return Prolly.remote(URI.create("http://127.0.0.1:" + proxy.port() + "/repo"));
  }

  @Test
  void aFetchCutAtAnyByteLeavesTheClientWithoutNewRefsAndTheRetryFetchesOnlyWhatIsMissing() throws Exception {
    Random random = new Random(61);
    try (Repository source = history();
        ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
            .serve("repo", source).start();
        CuttingProxy proxy = new CuttingProxy(server.port(), false)) {
      SyncReport whole;
      try (Repository probe = Prolly.open("memory:")) {
        whole = probe.transfer().cloneFrom(through(proxy));
      }
      long wire = proxy.answered();
      assertThat(wire).isGreaterThan(whole.bytesTransferred() + FRAME * whole.nodesTransferred());
      int partial = 0;
      for (int cut = 0; cut < CUTS; cut++) {
        try (Repository target = Prolly.open("memory:")) {
          long at = (long) (random.nextDouble() * wire);
          proxy.reset();
          proxy.cutAfter(at);
          assertThatThrownBy(() -> target.transfer().cloneFrom(through(proxy)))
              .as("a clone cut after %d of %d bytes", at, wire).isInstanceOf(RemoteException.class);
          assertThat(target.branches()).as("cut %d after %d bytes: refs", cut, at).isEmpty();
          RemoteSyncTest.assertNoDanglingNodes(target);
          assertThat(target.maintenance().verify().problems()).isEmpty();
          long arrived = RemoteSyncTest.nodeCount(target);
          long arrivedBytes = RemoteSyncTest.nodeBytes(target);
          partial += arrived > 0 ? 1 : 0;

          proxy.reset();
          SyncReport retry = target.transfer().cloneFrom(through(proxy));
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
