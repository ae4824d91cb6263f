package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import io.prolly.server.ProllyServer;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code prolly pull --follow}: a replica follows a served primary, one line per update, until interrupted. */
class PullFollowTest extends CliTest {

  @Test
  void a_replica_follows_every_move_of_the_primary_until_interrupted() throws Exception {
    String primary = primaryWithOneKey();
    try (ProllyServer server = serve(primary)) {
      String url = urlOf(server);
      String replica = sharedReplica();

      AtomicReference<Thread> following = new AtomicReference<>();
      CompletableFuture<Run> run = follow(replica, url, following);
      awaitHead(replica, cli.head(primary, "main"));
      for (int i = 2; i <= 4; i++) {
        cli.ok("-r", primary, "put", "k" + i, "v" + i);
        awaitHead(replica, cli.head(primary, "main"));
      }
      assertThat(cli.ok("-r", replica, "get", "k4").out()).isEqualTo("v4\n");
      following.get().interrupt();
      Run done = run.get(10, TimeUnit.SECONDS);
      assertThat(done.exitCode()).as("exit code; err: %s", done.err()).isZero();
      List<String> lines = done.out().lines().toList();
      assertThat(lines.get(0)).startsWith("Pulled main from " + url + ": ");
      assertThat(lines).contains("Following main of " + url + " (Ctrl-C stops)");
      List<String> updates = lines.stream().filter(line -> line.startsWith("main ")).toList();
      assertThat(updates).hasSize(3).allSatisfy(line -> assertThat(line).matches(
          "main [0-9a-f]{12} -> [0-9a-f]{12}: [0-9,]+ nodes \\([0-9,]+ bytes\\) in \\d+ ms, fast-forward"));
      assertThat(updates.get(2)).contains("-> " + cli.head(primary, "main"));
    }
  }

  @Test
  void following_a_remote_by_name_ends_when_the_remote_is_removed_and_writes_no_tracking_ref_again()
      throws Exception {
    String primary = primaryWithOneKey();
    try (ProllyServer server = serve(primary)) {
      String replica = sharedReplica();
      cli.ok("-r", replica, "remote", "add", "origin", urlOf(server));

      AtomicReference<Thread> following = new AtomicReference<>();
      CompletableFuture<Run> run = follow(replica, "origin", following);
      awaitHead(replica, cli.head(primary, "main"));
      cli.ok("-r", primary, "put", "k2", "v2");
      awaitHead(replica, cli.head(primary, "main"));
      cli.ok("-r", replica, "remote", "remove", "origin");
      cli.ok("-r", primary, "put", "k3", "v3");
      Run done;
      try {
        done = run.get(20, TimeUnit.SECONDS);
      } finally {
        if (!run.isDone()) {
          following.get().interrupt();
        }
      }
      assertThat(done.exitCode()).as("exit code; out: %s", done.out()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
      assertThat(done.err()).contains("there is no remote named 'origin' any more: it was removed or renamed");
      assertThat(cli.ok("-r", replica, "branch", "--remotes").out()).as("the remove's deletion stands").isEmpty();
      assertThat(cli.run("-r", replica, "get", "k3").exitCode()).as("the move after the remove was not pulled")
          .isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
      assertThat(cli.ok("-r", replica, "get", "k2").out()).isEqualTo("v2\n");
    }
  }

  @Test
  void follow_needs_a_served_remote() {
    String location = cli.init(Backend.FILE, dir);
    Run refused = cli.run("-r", location, "pull", "memory:other", "--follow");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--follow follows a served repository");
  }

  /** A memory repository with one commit on main, shared so that the server and the commands see one store. */
  private String primaryWithOneKey() {
    String primary = cli.init(Backend.MEMORY, dir);
    cli.ok("-r", primary, "put", "a", "1");
    cli.repositories.register(primary, cli.repositories.open(primary, false));
    return primary;
  }

  private ProllyServer serve(String primary) {
    return ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).threads(2)
        .serve("primary", cli.repositories.open(primary, false)).start();
  }

  private static String urlOf(ProllyServer server) {
    return "http://127.0.0.1:" + server.port() + "/primary";
  }

  /**
   * An empty replica in memory (the test stops the command by interrupting it, which a file store's
   * channel would not survive mid-read), shared so that the test reads it while the command holds it open.
   */
  private String sharedReplica() {
    String replica = Backend.MEMORY.location(dir, "replica");
    cli.ok("init", replica);
    cli.repositories.register(replica, cli.repositories.open(replica, false));
    return replica;
  }

  /** Starts {@code pull SOURCE main --follow} into the replica on a thread of its own, which it names in {@code thread}. */
  private CompletableFuture<Run> follow(String replica, String source, AtomicReference<Thread> thread) {
    return CompletableFuture.supplyAsync(() -> {
      thread.set(Thread.currentThread());
      return cli.run("-r", replica, "pull", source, "main", "--follow");
    });
  }

  private void awaitHead(String repository, String head) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Run log = cli.run("-r", repository, "log", "main", "-n", "1");
      if (log.exitCode() == 0 && log.out().startsWith(head)) {
        return;
      }
      Thread.sleep(20);
    }
    assertThat(cli.head(repository, "main")).isEqualTo(head);
  }
}
