package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.Repository;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import io.prolly.server.ProllyServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * clone, push, pull and fetch by URL against a server on the loopback address, on the file and the
 * memory backend: what arrives, the {@code --json} documents, refusals and their exit codes.
 */
class RemoteCommandsTest extends CliTest {

  private final List<ProllyServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(ProllyServer::close);
  }

  /** Creates a repository with one key and serves it as {@code origin}; returns its location. */
  private String origin(Backend backend) {
    String location = cli.init(backend, dir);
    cli.ok("-r", location, "put", "a", "1");
    return location;
  }

  /** Serves the repository at a location, shared with the command line, and returns its URL. */
  private String serve(String location, String name, boolean readOnly) {
    Repository repository = cli.repositories.open(location, false);
    cli.repositories.register(location, repository);
    ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).threads(2)
        .readOnly(readOnly).serve(name, repository).start();
    servers.add(server);
    return "http://127.0.0.1:" + server.port() + "/" + name;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void clone_push_pull_and_fetch_by_url_move_history_like_local_remotes(Backend backend) {
    String origin = origin(backend);
    String url = serve(origin, "origin", false);
    String clone = backend.location(dir, "clone");

    JsonNode cloned = cli.ok("clone", url, clone, "--json").json();
    assertThat(cloned.get("nodes").asLong()).isPositive();
    assertThat(cloned.get("refsUpdated").toString()).isEqualTo("[\"heads/main\",\"remotes/origin/main\"]");
    assertThat(cli.ok("-r", clone, "get", "a").out()).isEqualTo("1\n");
    assertThat(cli.head(clone, "main")).isEqualTo(cli.head(origin, "main"));

    cli.ok("-r", clone, "put", "b", "2");
    assertThat(cli.ok("-r", clone, "push", url).out()).startsWith("Pushed main to " + url + ": ")
        .contains("refs updated: heads/main");
    assertThat(cli.ok("-r", origin, "get", "b").out()).isEqualTo("2\n");
    JsonNode unchanged = cli.ok("-r", clone, "push", url, "main", "--json").json();
    assertThat(unchanged.get("nodes").asLong()).isZero();
    assertThat(unchanged.get("refsUpdated")).isEmpty();

    cli.ok("-r", origin, "put", "c", "3");
    JsonNode pulled = cli.ok("-r", clone, "pull", url, "--json").json();
    assertThat(pulled.get("merge").asText()).startsWith("fast_forward ");
    assertThat(pulled.get("refsUpdated").toString()).isEqualTo("[\"fetched/main\",\"heads/main\"]");
    assertThat(cli.ok("-r", clone, "get", "c").out()).isEqualTo("3\n");

    cli.ok("-r", origin, "put", "d", "4");
    JsonNode fetched = cli.ok("-r", clone, "fetch", url, "main", "--json").json();
    assertThat(fetched.get("refsUpdated").toString()).isEqualTo("[\"fetched/main\"]");
    assertThat(fetched.get("merge").isNull()).isTrue();
    assertThat(cli.run("-r", clone, "get", "d").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(cli.ok("-r", clone, "get", "d", "--rev", "fetched/main").out()).isEqualTo("4\n");
    assertThat(cli.ok("-r", clone, "fetch", url).out()).startsWith("Fetched main from " + url + ": 0 nodes");

    cli.ok("-r", origin, "tag", "v1");
    String originHead = cli.ok("-r", origin, "log", "-n", "1", "--json").json().get(0).get("id").asText();
    assertThat(cli.ok("ls-remote", url).out()).isEqualTo(originHead + "  heads/main\n" + originHead + "  tags/v1\n");
    assertThat(cli.ok("ls-remote", url, "--json").json().get("tags/v1").asText()).isEqualTo(originHead);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_push_that_would_drop_remote_commits_is_refused_with_exit_4_and_changes_nothing(Backend backend) {
    String origin = origin(backend);
    String url = serve(origin, "origin", false);
    String clone = backend.location(dir, "clone");
    cli.ok("clone", url, clone);
    cli.ok("-r", origin, "put", "k", "theirs");
    cli.ok("-r", clone, "put", "k", "ours");
    String remoteHead = cli.head(origin, "main");

    Run refused = cli.run("-r", clone, "push", url);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err().lines()).singleElement().asString()
        .startsWith("prolly push: push of branch 'main' to " + url + " refused").contains("Pull");
    assertThat(cli.head(origin, "main")).isEqualTo(remoteHead);

    Run conflict = cli.run("-r", clone, "pull", url);
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(conflict.out()).contains("CONFLICT k");
    assertThat(cli.ok("-r", clone, "get", "k").out()).isEqualTo("ours\n");

    cli.ok("-r", clone, "push", url, "--force");
    assertThat(cli.head(origin, "main")).isEqualTo(cli.head(clone, "main"));
    assertThat(cli.ok("-r", origin, "get", "k").out()).isEqualTo("ours\n");
  }

  @Test
  void an_unknown_repository_name_is_exit_1_with_the_servers_reason_and_creates_no_target() {
    String url = serve(origin(Backend.FILE), "origin", false);
    String missing = url.substring(0, url.lastIndexOf('/')) + "/nope";
    String clone = Backend.FILE.location(dir, "clone");

    Run run = cli.run("clone", missing, clone);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(run.err().lines()).singleElement().asString()
        .contains(missing, "HTTP 404", "serves no repository named 'nope'");
    assertThat(dir.resolve("clone.prolly")).doesNotExist();

    String repo = Backend.FILE.location(dir, "other");
    cli.ok("-r", repo, "put", "x", "1");
    Run push = cli.run("-r", repo, "push", missing);
    assertThat(push.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(push.err()).contains("serves no repository named 'nope'");
  }

  @Test
  void a_server_that_is_not_there_or_read_only_is_exit_4_with_one_line() {
    String url = serve(origin(Backend.MEMORY), "origin", true);
    ProllyServer gone = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("x", cli.repositories.open("memory:x", true)).start();
    int freePort = gone.port();
    gone.close();

    Run refused = cli.run("clone", "http://127.0.0.1:" + freePort + "/origin", Backend.MEMORY.location(dir, "c"));
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err().lines()).singleElement().asString()
        .startsWith("prolly clone: ").contains("127.0.0.1:" + freePort, "cannot connect", "prolly serve");

    String clone = Backend.MEMORY.location(dir, "clone");
    cli.ok("clone", url, clone);
    cli.ok("-r", clone, "put", "b", "2");
    Run readOnly = cli.run("-r", clone, "push", url);
    assertThat(readOnly.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(readOnly.err().lines()).singleElement().asString().contains("HTTP 403");
    assertThat(cli.run("-r", "memory:origin", "get", "b").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
  }

  @Test
  void a_url_where_a_local_repository_is_needed_or_a_malformed_one_is_a_usage_error() {
    Run log = cli.run("-r", "http://127.0.0.1:1/origin", "log");
    assertThat(log.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(log.err()).contains("is a remote repository", "prolly clone http://127.0.0.1:1/origin");

    Run copy = cli.run("copy", "http://127.0.0.1:1/origin", Backend.MEMORY.location(dir, "copy"));
    assertThat(copy.exitCode()).isEqualTo(ExitCodes.USAGE);

    Run noName = cli.run("clone", "http://127.0.0.1:1/", Backend.MEMORY.location(dir, "c"));
    assertThat(noName.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noName.err()).contains("must name one repository");

    String repo = cli.init(Backend.MEMORY, dir);
    Run localFetch = cli.run("-r", repo, "fetch", Backend.MEMORY.location(dir, "other"));
    assertThat(localFetch.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(localFetch.err()).contains("pull the branch instead");
    assertThat(cli.run("ls-remote", repo).exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
