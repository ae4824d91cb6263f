package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.Repository;
import io.prolly.cli.Cli.Backend;
import io.prolly.server.ProllyServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** clone --depth and --namespace, fetch --depth and --unshallow, and what log and verify say of a partial clone. */
class PartialCloneCommandsTest extends CliTest {

  private final List<ProllyServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(ProllyServer::close);
  }

  /** An origin with four commits on main, in the root namespace and in eu and us, served; returns its URL. */
  private String servedOrigin(Backend backend) {
    String origin = cli.init(backend, dir);
    for (int i = 1; i <= 4; i++) {
      cli.ok("-r", origin, "put", "k" + i, "v" + i);
    }
    cli.ok("-r", origin, "put", "--ns", "eu", "a", "1");
    cli.ok("-r", origin, "put", "--ns", "us", "b", "2");
    Repository repository = cli.repositories.open(origin, false);
    cli.repositories.register(origin, repository);
    ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).threads(2)
        .serve("origin", repository).start();
    servers.add(server);
    return "http://127.0.0.1:" + server.port() + "/origin";
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_shallow_clone_says_where_its_history_ends_and_deepens_to_a_complete_one(Backend backend) {
    String url = servedOrigin(backend);
    String clone = backend.location(dir, "clone");
    assertThat(cli.ok("clone", url, clone, "--depth", "2").out()).contains("partial: shallow at 1 commit");
    String log = cli.ok("-r", clone, "log").out();
    assertThat(log.lines().count()).isEqualTo(3);
    assertThat(log).containsPattern("\\(shallow: history before [0-9a-f]{12} not fetched\\)\\n$");
    Cli.Run verified = cli.run("-r", clone, "verify");
    assertThat(verified.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(verified.out()).contains("partial clone, not checked: history before").startsWith("partial clone");
    assertThat(cli.ok("-r", clone, "get", "k1").out()).isEqualTo("v1\n");
    Cli.Run beyond = cli.run("-r", clone, "get", "k1", "--rev", "main~3");
    assertThat(beyond.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(beyond.err()).contains("shallow boundary").contains("--unshallow");

    cli.ok("-r", clone, "fetch", url, "main", "--depth", "4");
    assertThat(cli.ok("-r", clone, "log", "fetched/main").out().lines().count()).isEqualTo(5);
    JsonNode whole = cli.ok("-r", clone, "fetch", url, "main", "--unshallow", "--json").json();
    assertThat(whole.get("nodes").asLong()).isPositive();
    assertThat(cli.ok("-r", clone, "log").out()).doesNotContain("shallow");
    JsonNode report = cli.ok("-r", clone, "verify", "--json").json();
    assertThat(report.get("clean").asBoolean()).isTrue();
    assertThat(report.get("partial").asBoolean()).isFalse();
    assertThat(report.get("commitsChecked").asLong()).as("with the one of the remotes the clone records").isEqualTo(7);
  }

  @Test
  void a_clone_of_one_namespace_reads_it_and_refuses_the_others_clearly() {
    String url = servedOrigin(Backend.MEMORY);
    String clone = Backend.FILE.location(dir, "eu-only");
    cli.ok("clone", url, clone, "--namespace", "eu");
    assertThat(cli.ok("-r", clone, "get", "--ns", "eu", "a").out()).isEqualTo("1\n");
    Cli.Run other = cli.run("-r", clone, "get", "--ns", "us", "b");
    assertThat(other.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(other.err()).contains("namespace 'us' is not in this partial clone").contains("--namespace us");
    JsonNode report = cli.ok("-r", clone, "verify", "--json").json();
    assertThat(report.get("clean").asBoolean()).isTrue();
    assertThat(report.get("partial").asBoolean()).isTrue();
    assertThat(report.get("namespaces").toString()).isEqualTo("[\"eu\"]");
  }

  @Test
  void bad_depths_are_usage_errors() {
    String url = servedOrigin(Backend.MEMORY);
    String clone = Backend.FILE.location(dir, "clone");
    assertThat(cli.run("clone", url, clone, "--depth", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    String full = Backend.MEMORY.location(dir, "full");
    cli.ok("clone", url, full);
    Cli.Run both = cli.run("-r", full, "fetch", url, "main", "--depth", "2", "--unshallow");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("--depth or --unshallow");
  }
}
