package io.prolly;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on the loopback address for remote tests: forwards bytes both ways and counts them,
 * and cuts every connection once {@link #cutAfter} bytes went the watched way.
 */
final class CuttingProxy implements AutoCloseable {
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
              // Counted before it is written: once the other side has the bytes, the count has them.
              forwarded.addAndGet(Math.max(0, left));
              out.write(buffer, 0, (int) Math.max(0, left));
              out.flush();
              break;
            }
          }
          forwarded.addAndGet(n);
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
