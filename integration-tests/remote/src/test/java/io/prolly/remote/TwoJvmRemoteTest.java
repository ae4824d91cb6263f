package io.prolly.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Prolly;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.merge.MergeResult;
import io.prolly.tck.ChildJvm;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clone, push, fetch and pull over HTTP between two JVMs: a child JVM ({@link ServingJvm}) serves
 * one repository per pair of backends on the loopback address, this JVM is the client. Every
 * ordered pair of the embedded backends, and the jdbc backend (on the jdbc tests' own PostgreSQL)
 * serving and cloning; after each step the contents are compared and both sides verified.
 */
class TwoJvmRemoteTest {

  private static final List<String> EMBEDDED = List.of("memory", "file", "lmdb", "rocksdb");
  private static final long START_LIMIT_MILLIS = 60_000;

  @TempDir static Path directory;
  private static Process serving;
  private static Writer commands;
  private static Path output;
  private static int port;
  /** Lines of the child's output read so far. */
  private static int consumed;

  /** Server backend, client backend. */
  static Stream<Arguments> pairs() {
    List<Arguments> pairs = new ArrayList<>();
    EMBEDDED.forEach(server -> EMBEDDED.forEach(client -> pairs.add(Arguments.of(server, client))));
    pairs.add(Arguments.of("jdbc", "memory"));
    pairs.add(Arguments.of("jdbc", "file"));
    pairs.add(Arguments.of("lmdb", "jdbc"));
    pairs.add(Arguments.of("rocksdb", "jdbc"));
    pairs.add(Arguments.of("jdbc", "jdbc"));
    return pairs.stream();
  }

  private static String nameOf(String server, String client) {
    return server + "-to-" + client;
  }

  @BeforeAll
  static void startServingJvm() throws Exception {
    List<String> args = new ArrayList<>();
    pairs().forEach(pair -> {
      String server = (String) pair.get()[0];
      String name = nameOf(server, (String) pair.get()[1]);
      args.add(name + "=" + storeUri(server, directory.resolve("server").resolve(name)));
    });
    output = directory.resolve("serving.log");
    serving = ChildJvm.start(ServingJvm.class, output, args.toArray(String[]::new));
    commands = new OutputStreamWriter(serving.getOutputStream(), StandardCharsets.UTF_8);
    port = Integer.parseInt(awaitLine("port ").substring("port ".length()));
  }

  @AfterAll
  static void stopServingJvm() throws Exception {
    if (serving != null) {
      try {
        commands.write("stop\n");
        commands.flush();
      } catch (IOException alreadyGone) {
        // the child ended; its log says why
      }
      if (!serving.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        serving.destroyForcibly();
      }
    }
  }

  /** A store URI of a backend; jdbc stores are schemas of the shared test PostgreSQL. */
  private static String storeUri(String backend, Path location) {
    return switch (backend) {
      case "memory" -> "memory:";
      case "jdbc" -> TestPostgres.shared().storeConfig("r_" + Integer.toHexString(location.toString().hashCode()))
          .toString();
      default -> backend + ":" + location;
    };
  }

  @ParameterizedTest(name = "served by {0}, cloned into {1}")
  @MethodSource("pairs")
  void cloneFetchPushAndPullCarryEveryCommitBetweenTwoJvms(String server, String client) throws Exception {
    String name = nameOf(server, client);
    Remote remote = Prolly.remote(URI.create("http://127.0.0.1:" + port + "/" + name));
    Path local = directory.resolve("client").resolve(name);
    try (Repository alice = Prolly.open(storeUri(client, local.resolve("alice")));
        Repository bob = Prolly.open(storeUri(client, local.resolve("bob")))) {
      Map<String, io.prolly.spi.Hash> served = remote.refs();
      assertThat(served).containsOnlyKeys("heads/dev", "heads/main", "tags/v1");
      for (Repository clone : List.of(alice, bob)) {
        SyncReport cloned = clone.transfer().cloneFrom(remote);
        assertThat(cloned.refsUpdated()).containsExactly("heads/dev", "heads/main", "remotes/origin/dev",
            "remotes/origin/main", "tags/v1");
        assertThat(refs(clone)).isEqualTo(served);
        assertThat(SeedHistory.contents(clone, "main")).isEqualTo(SeedHistory.expected("main"));
        assertThat(SeedHistory.contents(clone, "dev")).isEqualTo(SeedHistory.expected("dev"));
        assertThat(clone.log("main").count()).isEqualTo(2);
        assertThat(clone.maintenance().verify().problems()).isEmpty();
      }

      SeedHistory.write(alice, "main", "alice", 0, 25);
      SyncReport pushed = alice.transfer().push(remote, "main");
      assertThat(pushed.refsUpdated()).containsExactly("heads/main");
      assertThat(pushed.nodesTransferred()).isPositive();
      assertThat(remote.refs().get("heads/main")).isEqualTo(alice.resolve("main"));
      assertVerifiedOnServer(name);

      io.prolly.spi.Hash bobBefore = bob.resolve("main");
      SyncReport fetched = bob.transfer().fetch(remote, "main");
      assertThat(fetched.refsUpdated()).containsExactly("fetched/main");
      assertThat(bob.resolve("fetched/main")).isEqualTo(alice.resolve("main"));
      assertThat(bob.resolve("main")).as("a fetch moves no branch").isEqualTo(bobBefore);
      assertThat(SeedHistory.contents(bob, "fetched/main")).isEqualTo(SeedHistory.contents(alice, "main"));
      assertThat(bob.maintenance().verify().problems()).isEmpty();

      SeedHistory.write(bob, "main", "bob", 0, 5);
      SyncReport pulled = bob.transfer().pull(remote, "main");
      assertThat(pulled.merge()).isNotNull();
      assertThat(pulled.merge().kind()).isEqualTo(MergeResult.Kind.MERGED);
      bob.transfer().push(remote, "main");
      assertVerifiedOnServer(name);

      SyncReport fastForward = alice.transfer().pull(remote, "main");
      assertThat(fastForward.merge().kind()).isEqualTo(MergeResult.Kind.FAST_FORWARD);
      Map<String, String> merged = SeedHistory.contents(bob, "main");
      assertThat(merged).containsKeys("alice-000000", "bob-000004", "odd/alice-1", "even/bob-4", "seed-000339");
      assertThat(SeedHistory.contents(alice, "main")).isEqualTo(merged);
      assertThat(alice.resolve("main")).isEqualTo(bob.resolve("main"));
      assertThat(alice.maintenance().verify().problems()).isEmpty();
      assertThat(bob.maintenance().verify().problems()).isEmpty();

      try (Repository check = Prolly.inMemory()) {
        check.transfer().cloneFrom(remote);
        assertThat(SeedHistory.contents(check, "main")).as("the server's main").isEqualTo(merged);
        assertThat(check.maintenance().verify().problems()).isEmpty();
      }
    }
  }

  private static Map<String, io.prolly.spi.Hash> refs(Repository repository) {
    Map<String, io.prolly.spi.Hash> refs = new TreeMap<>();
    repository.branches().forEach((branch, id) -> refs.put("heads/" + branch, id));
    repository.tags().forEach((tag, id) -> refs.put("tags/" + tag, id));
    return refs;
  }

  private static void assertVerifiedOnServer(String name) throws Exception {
    commands.write("verify " + name + "\n");
    commands.flush();
    assertThat(awaitLine("verified " + name + " ")).as("problems verify finds on the server")
        .isEqualTo("verified " + name + " 0");
  }

  /** Waits for the child to print a new line starting with {@code prefix}, and returns it. */
  private static String awaitLine(String prefix) throws Exception {
    long deadline = System.currentTimeMillis() + START_LIMIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      // Only whole lines: the last one may still be written.
      int whole = Files.readString(output).endsWith("\n") ? lines.size() : lines.size() - 1;
      for (; consumed < whole; consumed++) {
        if (lines.get(consumed).startsWith(prefix)) {
          return lines.get(consumed++);
        }
      }
      if (!serving.isAlive()) {
        throw new AssertionError("the serving JVM ended with " + serving.exitValue() + ":\n" + Files.readString(output));
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the serving JVM printed no '" + prefix + "' line:\n" + Files.readString(output));
  }
}
