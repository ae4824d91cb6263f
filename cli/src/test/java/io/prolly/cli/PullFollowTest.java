package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Repository;
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
    String primary = cli.init(Backend.MEMORY, dir);
    cli.ok("-r", primary, "put", "a", "1");
    Repository served = cli.repositories.open(primary, false);
    cli.repositories.register(primary, served);
    try (ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).threads(2)
        .serve("primary", served).start()) {
      String url = "http://127.0.0.1:" + server.port() + "/primary";
      // In memory: the test stops the command by interrupting it, which a file store's channel would not survive mid-read.
      String replica = Backend.MEMORY.location(dir, "replica");
      cli.ok("init", replica);
      // Shared, so that this test reads the replica while the command holds it open.
      cli.repositories.register(replica, cli.repositories.open(replica, false));

      AtomicReference<Thread> following = new AtomicReference<>();
      CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> {
        following.set(Thread.currentThread());
        return cli.run("-r", replica, "pull", url, "main", "--follow");
      });
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
    String primary = cli.init(Backend.MEMORY, dir);
    cli.ok("-r", primary, "put", "a", "1");
    Repository served = cli.repositories.open(primary, false);
    cli.repositories.register(primary, served);
    try (ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).threads(2)
        .serve("primary", served).start()) {
      String url = "http://127.0.0.1:" + server.port() + "/primary";
      String replica = Backend.MEMORY.location(dir, "replica");
      cli.ok("init", replica);
      cli.repositories.register(replica, cli.repositories.open(replica, false));
      cli.ok("-r", replica, "remote", "add", "origin", url);

      AtomicReference<Thread> following = new AtomicReference<>();
      CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> {
        following.set(Thread.currentThread());
        return cli.run("-r", replica, "pull", "origin", "main", "--follow");
      });
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
