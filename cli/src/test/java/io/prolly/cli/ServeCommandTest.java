package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Prolly;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import io.prolly.server.ProllyServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code prolly serve} in a thread of its own: the URLs it prints, what clients do through them, and stopping. */
class ServeCommandTest extends CliTest {

  private static final Pattern SERVING = Pattern.compile("Serving (https?://127\\.0\\.0\\.1:\\d+/[a-z]+) \\((.*)\\)");

  /** A running {@code prolly serve}: its thread, what it prints, and its exit code once stopped. */
  private final class Serving implements AutoCloseable {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final AtomicInteger exitCode = new AtomicInteger(-1);
    final Thread thread;

    Serving(String... args) {
      CommandLine commandLine = ProllyCommand.commandLine(cli.repositories);
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      thread = new Thread(() -> exitCode.set(commandLine.execute(args)), "serve-under-test");
      thread.start();
    }

    /** The URLs printed, once the server is up. */
    List<String> urls() throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!out.toString().contains("Stop with Ctrl-C.")) {
        assertThat(thread.isAlive()).as("serve ended early; err: %s", err).isTrue();
        assertThat(System.nanoTime()).as("serve printed no URL in time").isLessThan(deadline);
        Thread.sleep(10);
      }
      return out.toString().lines().map(SERVING::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
    }
  }

  @Test
  void serve_prints_a_url_per_repository_serves_them_until_interrupted_and_then_releases_them() throws Exception {
    String fileRepo = Backend.FILE.location(dir, "data");
    cli.ok("-r", fileRepo, "put", "a", "1");
    String memoryRepo = Backend.MEMORY.location(dir, "scratch");
    cli.ok("-r", memoryRepo, "put", "m", "memory");

    List<String> urls;
    try (Serving serving = new Serving("serve", "--port", "0", fileRepo, "mem=" + memoryRepo)) {
      urls = serving.urls();
      assertThat(urls).hasSize(2);
      assertThat(urls.get(0)).endsWith("/data");
      assertThat(urls.get(1)).endsWith("/mem");

      String clone = Backend.MEMORY.location(dir, "clone");
      cli.ok("clone", urls.get(0), clone);
      assertThat(cli.ok("-r", clone, "get", "a").out()).isEqualTo("1\n");
      cli.ok("-r", clone, "put", "b", "2");
      cli.ok("-r", clone, "push", urls.get(0));

      String other = Backend.FILE.location(dir, "other");
      cli.ok("clone", urls.get(1), other);
      assertThat(cli.ok("-r", other, "get", "m").out()).isEqualTo("memory\n");
      serving.close();
      assertThat(serving.exitCode.get()).isZero();
      assertThat(serving.out.toString()).endsWith("Stopped serving.\n");
      assertThat(serving.err.toString()).isEmpty();
    }
    // The file repository was closed: it opens again, with the push in it, and the port is free.
    assertThat(cli.ok("-r", fileRepo, "get", "b").out()).isEqualTo("2\n");
    Run gone = cli.run("clone", urls.get(0), Backend.MEMORY.location(dir, "late"));
    assertThat(gone.exitCode()).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void serve_read_only_refuses_pushes_and_says_so() throws Exception {
    String repo = Backend.MEMORY.location(dir, "ro");
    cli.ok("-r", repo, "put", "a", "1");
    try (Serving serving = new Serving("serve", "--port", "0", "--read-only", "--header-timeout", "5",
        "--max-waiting", "16", "--max-requests-per-client", "64", repo)) {
      String url = serving.urls().get(0);
      assertThat(serving.out.toString()).contains("(" + repo + ", read-only)");
      String clone = Backend.MEMORY.location(dir, "clone");
      cli.ok("clone", url, clone);
      cli.ok("-r", clone, "put", "b", "2");
      assertThat(cli.run("-r", clone, "push", url).exitCode()).isEqualTo(ExitCodes.FAILED);
    }
    assertThat(cli.run("-r", repo, "get", "b").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
  }

  @Test
  void serve_with_tokens_lets_anonymous_clients_read_and_token_holders_push_and_never_prints_a_token()
      throws Exception {
    String repo = Backend.MEMORY.location(dir, "guarded");
    cli.ok("-r", repo, "put", "a", "1");
    String token = "cli-secret-token-6e21";
    java.nio.file.Path tokens = dir.resolve("tokens");
    java.nio.file.Files.writeString(tokens, "ci read-write * " + ProllyServer.tokenHash(token) + "\n");
    java.nio.file.Path tokenFile = dir.resolve("token");
    java.nio.file.Files.writeString(tokenFile, token + "\n");
    java.nio.file.Path wrongFile = dir.resolve("wrong");
    java.nio.file.Files.writeString(wrongFile, "not-" + token + "\n");
    String clone = Backend.MEMORY.location(dir, "clone");
    try (Serving serving = new Serving("serve", "--port", "0", "--tokens", tokens.toString(), "--anonymous", "read",
        repo)) {
      String url = serving.urls().get(0);
      assertThat(serving.out.toString()).contains(", tokens of " + tokens + ")");
      cli.ok("clone", url, clone);
      cli.ok("-r", clone, "put", "b", "2");
      Run anonymous = cli.run("-r", clone, "push", url);
      assertThat(anonymous.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(anonymous.err()).contains("HTTP 401", "needs a read-write token");
      Run wrong = cli.run("ls-remote", "--token-file", wrongFile.toString(), url);
      assertThat(wrong.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(wrong.err()).contains("HTTP 401", "not valid on this server").doesNotContain(token);
      Run pushed = cli.ok("-r", clone, "push", "--token-file", tokenFile.toString(), url);
      assertThat(pushed.out() + pushed.err()).doesNotContain(token);
      String withUserInfo = url.replace("http://", "http://ci:" + token + "@");
      Run listed = cli.ok("ls-remote", withUserInfo);
      assertThat(listed.out()).contains("heads/main");
      Run masked = cli.run("-r", withUserInfo, "get", "a");
      assertThat(masked.err()).contains("http://***@127.0.0.1");
      assertThat(masked.err()).doesNotContain(token);
      assertThat(serving.out.toString() + serving.err).doesNotContain(token);
    }
    assertThat(cli.ok("-r", repo, "get", "b").out()).isEqualTo("2\n");
  }

  @Test
  void serve_speaks_https_from_a_keystore_and_clients_trust_its_certificate() throws Exception {
    java.nio.file.Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-genkeypair", "-alias", "prolly", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        keystore.toString(), "-storepass", "serve-pass", "-keypass", "serve-pass").redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(keystore)) {
      keys.load(in, "serve-pass".toCharArray());
    }
    java.nio.file.Path certificate = dir.resolve("server.cer");
    java.nio.file.Files.write(certificate, keys.getCertificate("prolly").getEncoded());
    java.nio.file.Path password = dir.resolve("password");
    java.nio.file.Files.writeString(password, "serve-pass\n");

    String repo = Backend.MEMORY.location(dir, "secure");
    cli.ok("-r", repo, "put", "a", "1");
    if (System.getenv("PROLLY_TLS_PASSWORD") == null) {
      assertThat(cli.run("serve", "--port", "0", "--tls-keystore", keystore.toString(), repo).err())
          .contains("--tls-password-file FILE or set PROLLY_TLS_PASSWORD");
    }
    try (Serving serving = new Serving("serve", "--port", "0", "--tls-keystore", keystore.toString(),
        "--tls-password-file", password.toString(), repo)) {
      String url = serving.urls().get(0);
      assertThat(url).startsWith("https://");
      assertThat(cli.ok("ls-remote", "--ca-cert", certificate.toString(), url).out()).contains("heads/main");
      Run untrusted = cli.run("ls-remote", url);
      assertThat(untrusted.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(serving.out.toString() + serving.err).doesNotContain("serve-pass");
    }
  }

  @Test
  void the_validators_of_serve_judge_pushes() throws Exception {
    String repo = Backend.MEMORY.location(dir, "guarded");
    cli.ok("-r", repo, "put", "a", "1");
    String clone = Backend.MEMORY.location(dir, "clone");
    try (Serving serving = new Serving("--require-signed", "main", "serve", "--port", "0", repo)) {
      String url = serving.urls().get(0);
      cli.ok("clone", url, clone);
      cli.ok("-r", clone, "put", "b", "unsigned");
      Run refused = cli.run("-r", clone, "push", url);
      assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(refused.err().lines()).singleElement().asString().contains("HTTP 422", "sign");
    }
    assertThat(cli.run("-r", repo, "get", "b").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
  }

  @Test
  void serve_refuses_bad_names_missing_repositories_and_bad_options_before_listening() {
    String repo = Backend.FILE.location(dir, "data");
    cli.ok("-r", repo, "put", "a", "1");

    assertThat(cli.run("serve").exitCode()).isEqualTo(ExitCodes.USAGE);
    Run twice = cli.run("serve", "--port", "0", repo, "data=memory:x");
    assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(twice.err()).contains("would be served as 'data'", "NAME=REPO");
    Run unnamed = cli.run("serve", "--port", "0", "memory:");
    assertThat(unnamed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unnamed.err()).contains("cannot name the repository 'memory:'", "NAME=REPO");
    Run missing = cli.run("serve", "--port", "0", dir.resolve("missing.prolly").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(missing.err()).contains("there is no repository at");
    assertThat(cli.run("serve", "--port", "70000", repo).err()).contains("--port 70000 is not 0 to 65535");
    assertThat(cli.run("serve", "--port", "0", "--anonymous", "all", repo).err())
        .contains("--anonymous all is not none, read or read-write");
    assertThat(cli.run("serve", "--port", "0", "--max-batch", "10", repo).err()).contains("--max-batch is 10");
    assertThat(cli.run("serve", "--port", "0", "--max-waiting", "0", repo).err()).contains("--max-waiting is 0");
    assertThat(cli.run("serve", "--port", "0", "--header-timeout", "0", repo).err())
        .contains("--header-timeout 0 is not 1 to 3600");
    assertThat(cli.run("serve", "--port", "0", "--max-requests-per-client", "70000", repo).err())
        .contains("--max-requests-per-client 70000 is not 1 to 65536");
    assertThat(cli.run("serve", "--port", "0", "--max-connections", "0", repo).err())
        .contains("--max-connections 0 is not 1 to 1000000");
    assertThat(cli.run("serve", "--port", "0", "--tls-password-file", repo, repo).err())
        .contains("--tls-password-file needs --tls-keystore");
    Run badTokens = cli.run("serve", "--port", "0", "--tokens", dir.resolve("no-such-tokens").toString(), repo);
    assertThat(badTokens.exitCode()).isNotZero();
    assertThat(badTokens.err()).contains("no-such-tokens");
    assertThat(cli.run("serve", "--port", "0", "remote=http://127.0.0.1:1/x").exitCode()).isEqualTo(ExitCodes.USAGE);
    try (ProllyServer taken = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("x", cli.repositories.open("memory:x", true)).start()) {
      Run inUse = cli.run("serve", "--port", Integer.toString(taken.port()), repo);
      assertThat(inUse.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(inUse.err().lines()).singleElement().asString().contains("cannot listen on");
    }
    // Nothing stayed open: the repository opens again.
    Prolly.open("file:" + repo).close();
  }
}
