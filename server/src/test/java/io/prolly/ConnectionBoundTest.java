package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.server.ProllyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bound on open connections, {@code jdk.httpserver.maxConnections}: read once per process by
 * the JDK server, so tested in a process of its own that sets it small.
 */
class ConnectionBoundTest {

  /** Serves a memory repository as {@code repo}, prints the port and the bound, and stops when its input ends. */
  static final class Child {
    public static void main(String[] arguments) throws IOException {
      Repository repository = Prolly.open("memory:");
      RemoteSyncTest.commit(repository, "main", 0, 5);
      try (ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
          .serve("repo", repository).start()) {
        System.out.println(server.port() + " " + System.getProperty(ProllyServer.MAX_CONNECTIONS_PROPERTY));
        System.out.flush();
        System.in.readAllBytes();
      }
      repository.close();
    }
  }

  @Test
  void loadingTheServerBoundsConnectionsUnlessTheProcessDidAlready() {
    ProllyServer.builder();
    assertThat(System.getProperty(ProllyServer.MAX_CONNECTIONS_PROPERTY))
        .isEqualTo(Integer.toString(ProllyServer.DEFAULT_MAX_CONNECTIONS));
  }

  @Test
  void connectionsBeyondTheBoundAreClosedAtOnceAndServedAgainOnceOneCloses() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + ProllyServer.MAX_CONNECTIONS_PROPERTY + "=4", "-cp", System.getProperty("java.class.path"),
        Child.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Socket> open = new ArrayList<>();
    try {
      String[] started = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
          .readLine().split(" ");
      int port = Integer.parseInt(started[0]);
      assertThat(started[1]).as("a bound set beforehand is kept").isEqualTo("4");

      for (int i = 0; i < 4; i++) {
        Socket idle = new Socket(InetAddress.getLoopbackAddress(), port);
        idle.setSoTimeout(20_000);
        open.add(idle);
      }
      // The four are accepted (and answered); the fifth is closed as soon as it is accepted.
      assertThat(refs(open.get(0))).startsWith("HTTP/1.1 200");
      Socket beyond = new Socket(InetAddress.getLoopbackAddress(), port);
      beyond.setSoTimeout(20_000);
      assertThat(refs(beyond)).as("closed without an answer").isEmpty();
      beyond.close();

      open.remove(3).close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (Socket again = new Socket(InetAddress.getLoopbackAddress(), port)) {
          again.setSoTimeout(20_000);
          String answer = refs(again);
          if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 200");
            break;
          }
        }
        assertThat(System.nanoTime()).as("a connection is served again").isLessThan(deadline);
        Thread.sleep(20);
      }
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
      child.getOutputStream().close();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertThat(child.exitValue()).isZero();
  }

  /** Asks for the refs; returns the answer's status line, or "" if the server closed the connection. */
  private static String refs(Socket socket) throws IOException {
    try {
      socket.getOutputStream().write("GET /repo/refs HTTP/1.1\r\nHost: 127.0.0.1\r\nProlly-Protocol: 1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        line.append((char) b);
      }
      return line.toString().strip();
    } catch (SocketException reset) {
      return "";
    }
  }
}
