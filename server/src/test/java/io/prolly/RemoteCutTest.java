package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.error.RemoteException;
import io.prolly.server.ProllyServer;
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
 * Connections cut at seeded random byte offsets of a push and of a fetch, through a proxy: the
 * receiver keeps its refs and only complete subtrees, and the retry sends only what is missing.
 */
class RemoteCutTest {

  private static final int CUTS = 12;

  /** Forwards one connection at a time, cutting every connection once {@code budget} bytes went the watched way. */
  static final class CuttingProxy implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
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
            pipe(client, server, upstream);
            pipe(server, client, !upstream);
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

    private void pipe(Socket from, Socket to, boolean watched) {
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
                break;
              }
            }
            out.write(buffer, 0, n);
            out.flush();
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

  @Test
  void aPushCutAtAnyByteLeavesTheServerWithoutNewRefsAndTheRetrySendsOnlyWhatIsMissing() throws Exception {
    Random random = new Random(16);
    try (Repository source = Prolly.open("memory:")) {
      RemoteSyncTest.commit(source, "main", 0, 4000);
      RemoteSyncTest.commit(source, "main", 4000, 400);
      long total;
      try (Repository probe = Prolly.open("memory:")) {
        total = source.transfer().cloneInto(probe).nodesTransferred();
      }
      for (int cut = 0; cut < CUTS; cut++) {
        try (Repository target = Prolly.open("memory:");
            ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
                .serve("repo", target).start();
            CuttingProxy proxy = new CuttingProxy(server.port(), true)) {
          Remote direct = RemoteSyncTest.remoteOf(server);
          Remote cutting = Prolly.remote(URI.create("http://127.0.0.1:" + proxy.port() + "/repo"));
          proxy.cutAfter(random.nextInt(900_000));
          try {
            source.transfer().push(cutting, "main");
          } catch (RemoteException expected) {
            // cut
          }
          if (target.branches().isEmpty()) {
            long arrived = settled(target);
            RemoteSyncTest.assertNoDanglingNodes(target);
            SyncReport retry = source.transfer().push(direct, "main");
            assertThat(retry.nodesTransferred()).as("cut %d: nodes sent again", cut).isEqualTo(total - arrived);
          }
          assertThat(target.branches()).isEqualTo(source.branches());
          assertThat(target.maintenance().verify().problems()).isEmpty();
          assertThat(RemoteSyncTest.nodeCount(target)).isEqualTo(total);
        }
      }
    }
  }

  /** The node count once the server stopped reading the cut request: the client may see the cut first. */
  private static long settled(Repository target) throws InterruptedException {
    long count = RemoteSyncTest.nodeCount(target);
    for (int i = 0; i < 100; i++) {
      Thread.sleep(50);
      long now = RemoteSyncTest.nodeCount(target);
      if (now == count) {
        return now;
      }
      count = now;
    }
    return count;
  }

  @Test
  void aFetchCutAtAnyByteLeavesTheClientWithoutNewRefsAndTheRetryFetchesOnlyWhatIsMissing() throws Exception {
    Random random = new Random(61);
    try (Repository source = Prolly.open("memory:");
        ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
            .serve("repo", source).start();
        CuttingProxy proxy = new CuttingProxy(server.port(), false)) {
      RemoteSyncTest.commit(source, "main", 0, 4000);
      RemoteSyncTest.commit(source, "main", 4000, 400);
      Remote direct = RemoteSyncTest.remoteOf(server);
      Remote cutting = Prolly.remote(URI.create("http://127.0.0.1:" + proxy.port() + "/repo"));
      long total;
      try (Repository probe = Prolly.open("memory:")) {
        total = source.transfer().cloneInto(probe).nodesTransferred();
      }
      for (int cut = 0; cut < CUTS; cut++) {
        try (Repository target = Prolly.open("memory:")) {
          proxy.cutAfter(random.nextInt(900_000));
          try {
            target.transfer().cloneFrom(cutting);
          } catch (RemoteException expected) {
            // cut
          }
          if (target.branches().isEmpty()) {
            RemoteSyncTest.assertNoDanglingNodes(target);
            long arrived = RemoteSyncTest.nodeCount(target);
            SyncReport retry = target.transfer().cloneFrom(direct);
            assertThat(retry.nodesTransferred()).as("cut %d: nodes fetched again", cut)
                .isLessThanOrEqualTo(total - arrived + RemoteFetch.BATCH);
            assertThat(retry.nodesTransferred()).isGreaterThanOrEqualTo(total - arrived);
          }
          assertThat(target.branches()).isEqualTo(source.branches());
          assertThat(target.maintenance().verify().problems()).isEmpty();
        }
      }
    }
  }
}
