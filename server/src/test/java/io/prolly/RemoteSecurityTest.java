package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.RemoteException;
import io.prolly.server.Access;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tokens end to end, HTTPS with a keystore made here, slow and too many clients. */
class RemoteSecurityTest {

  private static final String WRITER = "writer-secret-9c41";
  private static final String READER = "reader-secret-5d07";

  @TempDir Path directory;
  @RegisterExtension final OpenedResources opened = new OpenedResources();

  private Repository memory() {
    Repository repository = Prolly.open("memory:");
    opened.add(repository);
    return repository;
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private static ProllyServer.Builder tokens(Repository origin) {
    return ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).serve("repo", origin)
        .token("ci", Access.READ_WRITE, "repo", ProllyServer.tokenHash(WRITER))
        .token("viewer", Access.READ, "*", ProllyServer.tokenHash(READER));
  }

  private static String scheme(ProllyServer server) {
    return server.secure() ? "https" : "http";
  }

  private static URI uri(ProllyServer server) {
    return URI.create(scheme(server) + "://127.0.0.1:" + server.port() + "/repo");
  }

  @Test
  void tokensOfEachScopeCloneAndPushAsGrantedAndNoTokenIsShown() {
    Repository origin = memory();
    RemoteSyncTest.commit(origin, "main", 0, 200);
    ProllyServer server = opened(tokens(origin).start());

    Remote anonymous = Prolly.remote(uri(server));
    assertThatThrownBy(() -> memory().transfer().cloneFrom(anonymous)).isInstanceOfSatisfying(RemoteException.class,
        e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).contains("needs a token for 'repo'").contains("no token was given");
        });

    Remote reader = Prolly.remote(uri(server), RemoteOptions.defaults().withToken(READER));
    Repository clone = memory();
    clone.transfer().cloneFrom(reader);
    assertThat(clone.branches()).isEqualTo(origin.branches());
    RemoteSyncTest.commit(clone, "main", 1000, 5);
    SortedMap<String, Hash> before = new TreeMap<>(origin.branches());
    assertThatThrownBy(() -> clone.transfer().push(reader, "main")).isInstanceOfSatisfying(RemoteException.class,
        e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("token 'viewer' may read 'repo' but not push").doesNotContain(READER);
        });
    assertThat(origin.branches()).isEqualTo(before);

    Remote writer = Prolly.remote(uri(server), RemoteOptions.defaults().withToken(WRITER));
    assertThat(clone.transfer().push(writer, "main").refsUpdated()).containsExactly("heads/main");
    assertThat(origin.resolve("main")).isEqualTo(clone.resolve("main"));

    Remote wrong = Prolly.remote(uri(server), RemoteOptions.defaults().withToken("guessed-" + WRITER));
    assertThatThrownBy(wrong::refs).isInstanceOfSatisfying(RemoteException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains("not valid on this server").doesNotContain(WRITER);
    });
    for (Object shown : List.of(reader, writer, RemoteOptions.defaults().withToken(WRITER))) {
      assertThat(shown.toString()).doesNotContain(WRITER).doesNotContain(READER);
    }
    assertThat(RemoteOptions.defaults().withToken(WRITER).toString()).contains("token=***");
  }

  @Test
  void aTokenInTheUrlIsUsedAndMaskedEverywhere() {
    Repository origin = memory();
    RemoteSyncTest.commit(origin, "main", 0, 20);
    ProllyServer server = opened(tokens(origin).start());
    Remote remote = Prolly.remote(URI.create("http://user:" + WRITER + "@127.0.0.1:" + server.port() + "/repo"));
    assertThat(remote.refs()).isEqualTo(origin.branches().entrySet().stream().collect(TreeMap::new,
        (map, e) -> map.put("heads/" + e.getKey(), e.getValue()), Map::putAll));
    assertThat(remote.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/repo");
    assertThat(remote.toString()).doesNotContain(WRITER).doesNotContain("user");
    server.close();
    assertThatThrownBy(remote::refs).isInstanceOf(RemoteException.class).satisfies(e ->
        assertThat(e.getMessage()).doesNotContain(WRITER));
    assertThatThrownBy(() -> Prolly.remote(URI.create("ftp://user:" + WRITER + "@host/repo")))
        .isInstanceOf(IllegalArgumentException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain(WRITER));
    assertThatThrownBy(() -> Prolly.remote(URI.create("http://user:" + WRITER + "@host/a/b")))
        .isInstanceOf(IllegalArgumentException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain(WRITER));
  }

  @Test
  void anonymousReadsWhenAllowedAndTokenFilesAreCheckedLineByLine() throws Exception {
    Repository origin = memory();
    RemoteSyncTest.commit(origin, "main", 0, 20);
    Path file = directory.resolve("tokens");
    Files.writeString(file, "# name scope repositories sha256\n\nci read-write re* " + ProllyServer.tokenHash(WRITER)
        + "\n");
    ProllyServer server = opened(ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("repo", origin).tokens(file).anonymous(Access.READ).start());
    Repository clone = memory();
    clone.transfer().cloneFrom(Prolly.remote(uri(server)));
    RemoteSyncTest.commit(clone, "main", 100, 3);
    assertThatThrownBy(() -> clone.transfer().push(Prolly.remote(uri(server)), "main"))
        .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.status()).isEqualTo(401));
    clone.transfer().push(Prolly.remote(uri(server), RemoteOptions.defaults().withToken(WRITER)), "main");
    assertThat(origin.resolve("main")).isEqualTo(clone.resolve("main"));

    Files.writeString(file, "ci read-write *\n");
    assertThatThrownBy(() -> ProllyServer.builder().tokens(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1 has 3 fields");
    Files.writeString(file, "# ok\nci write * " + ProllyServer.tokenHash(WRITER) + "\n");
    assertThatThrownBy(() -> ProllyServer.builder().tokens(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2").hasMessageContaining("'write' is not a scope");
    Files.writeString(file, "ci read * " + WRITER + "\n");
    assertThatThrownBy(() -> ProllyServer.builder().tokens(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 64 hexadecimal digits").satisfies(e -> assertThat(e.getMessage())
            .doesNotContain(WRITER));
    Files.writeString(file, "ci read ../* " + ProllyServer.tokenHash(WRITER) + "\n");
    assertThatThrownBy(() -> ProllyServer.builder().tokens(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a repository name or a glob");
  }

  @Test
  void httpsFromAPkcs12KeystoreTrustedByItsCertificate() throws Exception {
    Path keystore = directory.resolve("server.p12");
    Path certificate = directory.resolve("server.pem");
    keytool("-genkeypair", "-alias", "prolly", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        keystore.toString(), "-storepass", "store-pass", "-keypass", "store-pass");
    // The certificate a client trusts, as keytool -exportcert -rfc writes it (one process start fewer).
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, "store-pass".toCharArray());
    }
    Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64,
        new byte[] {'\n'}).encodeToString(keys.getCertificate("prolly").getEncoded()) + "\n-----END CERTIFICATE-----\n");
    Repository origin = memory();
    RemoteSyncTest.commit(origin, "main", 0, 100);
    ProllyServer server = opened(tokens(origin).tls(keystore, "store-pass".toCharArray()).start());
    assertThat(server.secure()).isTrue();

    Remote trusting = Prolly.remote(uri(server), RemoteOptions.defaults().withToken(WRITER)
        .withTrustedCertificates(certificate));
    Repository clone = memory();
    clone.transfer().cloneFrom(trusting);
    assertThat(RemoteSyncTest.contents(clone, "main")).isEqualTo(RemoteSyncTest.contents(origin, "main"));
    RemoteSyncTest.commit(clone, "main", 500, 5);
    clone.transfer().push(trusting, "main");
    assertThat(origin.resolve("main")).isEqualTo(clone.resolve("main"));

    Remote untrusting = Prolly.remote(uri(server), RemoteOptions.defaults().withToken(WRITER));
    assertThatThrownBy(untrusting::refs).isInstanceOfSatisfying(RemoteException.class, e -> {
      assertThat(e.status()).isZero();
      assertThat(e.getMessage()).containsIgnoringCase("certif").doesNotContain(WRITER);
    });
    Remote plain = Prolly.remote(URI.create("http://127.0.0.1:" + server.port() + "/repo"));
    assertThatThrownBy(plain::refs).isInstanceOf(RemoteException.class);

    assertThatThrownBy(() -> ProllyServer.builder().port(0).serve("repo", origin)
        .tls(keystore, "wrong".toCharArray()).start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password");
    assertThatThrownBy(() -> ProllyServer.builder().port(0).serve("repo", origin)
        .tls(certificate, "store-pass".toCharArray()).start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PKCS#12 keystore");
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  /** Opens a raw connection and sends a push's request line and headers, announcing a body of {@code length}. */
  private static Socket startPush(ProllyServer server, int length) throws Exception {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("POST /repo/push HTTP/1.1\r\nHost: 127.0.0.1\r\nProlly-Protocol: 1\r\n"
        + "Authorization: Bearer " + WRITER + "\r\nContent-Length: " + length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  private static String statusLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().strip();
  }

  @Test
  void aTricklingBodyIsAnswered408AndAStalledOneIsCutWhileTheServerGoesOn() throws Exception {
    // A file repository: the clock's interrupt must reach no file channel of the backend.
    Repository origin = opened(Prolly.open(directory.resolve("origin.prolly")));
    RemoteSyncTest.commit(origin, "main", 0, 20);
    SortedMap<String, Hash> before = new TreeMap<>(origin.branches());
    long nodes = RemoteSyncTest.nodeCount(origin);
    ProllyServer server = opened(tokens(origin).requestTimeout(Duration.ofMillis(500)).start());

    try (Socket trickling = startPush(server, 100_000)) {
      Thread dripping = new Thread(() -> {
        try {
          OutputStream out = trickling.getOutputStream();
          // A push moving one ref whose 1000-byte name comes a byte at a time.
          out.write(new byte[] {0, 0, 1, 0x03, (byte) 0xE8});
          for (int i = 0; i < 200; i++) {
            out.write('a');
            out.flush();
            Thread.sleep(20);
          }
        } catch (Exception e) {
          // The server cut the connection: what the test waits for.
        }
      });
      dripping.setDaemon(true);
      dripping.start();
      InputStream in = trickling.getInputStream();
      assertThat(statusLine(in)).startsWith("HTTP/1.1 408 ");
      String answer = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      assertThat(answer).contains("took longer than the 500 ms this server allows");
      dripping.join(5000);
    }

    long started = System.nanoTime();
    try (Socket stalled = startPush(server, 100_000)) {
      stalled.getOutputStream().write(new byte[] {0, 0, 1});
      stalled.getOutputStream().flush();
      InputStream in = stalled.getInputStream();
      int first;
      try {
        first = in.read();
      } catch (java.net.SocketException reset) {
        first = -1;
      }
      assertThat(first).as("the stalled connection is cut, not answered").isEqualTo(-1);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));

    assertThat(Prolly.remote(uri(server), RemoteOptions.defaults().withToken(READER)).refs()).hasSize(1);
    assertThat(origin.branches()).isEqualTo(before);
    assertThat(RemoteSyncTest.nodeCount(origin)).isEqualTo(nodes);

    Repository clone = memory();
    Remote writer = Prolly.remote(uri(server), RemoteOptions.defaults().withToken(WRITER));
    clone.transfer().cloneFrom(writer);
    RemoteSyncTest.commit(clone, "main", 100, 5);
    clone.transfer().push(writer, "main");
    RemoteSyncTest.commit(origin, "main", 200, 5);
    assertThat(origin.maintenance().verify().problems()).isEmpty();
  }

  @Test
  void aClientSplitsItsHaveRequestsToTheBatchTheServerLists() {
    Repository origin = memory();
    RemoteSyncTest.commit(origin, "main", 0, 20);
    ProllyServer server = opened(tokens(origin).limits(RemoteLimits.defaults().withMaxBatch(4096)).start());
    Remote remote = Prolly.remote(uri(server), RemoteOptions.defaults().withToken(READER));
    assertThat(remote.listing().capabilities()).contains("fetch", "max-batch=4096").doesNotContain("push");
    assertThat(remote.haveBatch()).isEqualTo(4096);
    List<Hash> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(Hash.of(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    ids.add(origin.resolve("main"));
    long before = server.requests();
    boolean[] held = remote.have(ids);
    assertThat(server.requests() - before).isEqualTo(3);
    assertThat(held[10_000]).isTrue();
    assertThat(held[0]).isFalse();
  }

  @Test
  void requestsBeyondTheThreadsAreRefusedWith503() throws Exception {
    Repository origin = memory();
    RemoteSyncTest.commit(origin, "main", 0, 20);
    ProllyServer server = opened(tokens(origin).threads(1).requestTimeout(Duration.ofSeconds(20)).start());
    try (Socket holding = startPush(server, 1000)) {
      holding.getOutputStream().write(0);
      holding.getOutputStream().flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      RemoteException refused = null;
      while (refused == null && System.nanoTime() < deadline) {
        try {
          Prolly.remote(uri(server), RemoteOptions.defaults().withToken(READER)).refs();
          Thread.sleep(10); // the held push has not reached its handler yet
        } catch (RemoteException e) {
          refused = e;
        }
      }
      assertThat(refused).isNotNull();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.getMessage()).contains("answers at once; try again in a moment");
    }
    // The held request ends once its connection closes; then requests are answered again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        assertThat(Prolly.remote(uri(server), RemoteOptions.defaults().withToken(READER)).refs()).hasSize(1);
        break;
      } catch (RemoteException e) {
        assertThat(e.status()).isEqualTo(503);
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }
}
