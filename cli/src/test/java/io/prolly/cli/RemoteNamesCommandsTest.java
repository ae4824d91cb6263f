package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.Repository;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import io.prolly.server.Access;
import io.prolly.server.ProllyServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Remotes remembered by name: {@code prolly remote} and its actions, {@code clone} recording
 * {@code origin}, and {@code push}, {@code pull}, {@code fetch} and {@code ls-remote} by name
 * against a server on the loopback address, on the file and the memory backend.
 */
class RemoteNamesCommandsTest extends CliTest {

  private static final String TOKEN = "cli-writer-7f3a";

  private final List<ProllyServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(ProllyServer::close);
  }

  /** Creates a repository with one key at {@code served}, serves it as {@code origin} and returns its URL. */
  private String serve(Backend backend, String served, boolean withToken) {
    assertThat(cli.run("init", served).exitCode()).isZero();
    cli.ok("-r", served, "put", "a", "1");
    Repository repository = cli.repositories.open(served, false);
    cli.repositories.register(served, repository);
    ProllyServer.Builder builder = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .threads(2).serve("origin", repository);
    if (withToken) {
      builder.token("ci", Access.READ_WRITE, "origin", ProllyServer.tokenHash(TOKEN));
    }
    ProllyServer server = builder.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.port() + "/origin";
  }

  /** Serves the repository at {@code location} under {@code name}; returns its URL. */
  private String serveAs(String location, String name) {
    Repository repository = cli.repositories.open(location, false);
    cli.repositories.register(location, repository);
    ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).threads(2)
        .serve(name, repository).start();
    servers.add(server);
    return "http://127.0.0.1:" + server.port() + "/" + name;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void remote_add_origin_then_push_origin_main_and_pull_origin_main_move_history_over_http(Backend backend) {
    String served = backend.location(dir, "served");
    String url = serve(backend, served, false);
    String repo = cli.init(backend, dir);
    assertThat(cli.ok("-r", repo, "remote").out()).isEmpty();

    assertThat(cli.ok("-r", repo, "remote", "add", "origin", url).out()).isEqualTo("Added remote origin at " + url
        + "\n");
    assertThat(cli.ok("-r", repo, "remote").out()).isEqualTo("origin\n");
    assertThat(cli.ok("-r", repo, "remote", "list", "-v").out()).isEqualTo("origin  " + url + "\n");
    JsonNode listed = cli.ok("-r", repo, "remote", "--json").json();
    assertThat(listed.toString()).isEqualTo("[{\"name\":\"origin\",\"url\":\"" + url + "\"}]");

    JsonNode pulled = cli.ok("-r", repo, "pull", "origin", "main", "--json").json();
    assertThat(pulled.get("refsUpdated").toString()).isEqualTo("[\"remotes/origin/main\",\"heads/main\"]");
    assertThat(cli.ok("-r", repo, "get", "a").out()).isEqualTo("1\n");

    cli.ok("-r", repo, "put", "b", "2");
    assertThat(cli.ok("-r", repo, "push", "origin", "main").out())
        .startsWith("Pushed main to origin (" + url + "): ").contains("refs updated: heads/main");
    assertThat(cli.ok("-r", served, "get", "b").out()).isEqualTo("2\n");
    assertThat(cli.head(served, "main")).isEqualTo(cli.head(repo, "main"));

    cli.ok("-r", served, "put", "c", "3");
    assertThat(cli.ok("-r", repo, "pull", "origin", "main").out())
        .startsWith("Pulled main from origin (" + url + "): ").contains("merge: fast_forward");
    assertThat(cli.ok("-r", repo, "get", "c").out()).isEqualTo("3\n");

    cli.ok("-r", served, "put", "d", "4");
    assertThat(cli.ok("-r", repo, "fetch", "origin").out()).startsWith("Fetched main from origin (" + url + "): ")
        .contains("refs updated: remotes/origin/main");
    assertThat(cli.ok("-r", repo, "get", "d", "--rev", "origin/main").out()).isEqualTo("4\n");
    assertThat(cli.run("-r", repo, "get", "d").exitCode()).as("a fetch merges nothing")
        .isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    String servedHead = cli.ok("-r", served, "log", "-n", "1", "--json").json().get(0).get("id").asText();
    assertThat(cli.ok("-r", repo, "ls-remote", "origin").out()).isEqualTo(servedHead + "  heads/main\n");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_clone_remembers_origin_and_push_and_pull_without_a_remote_use_it(Backend backend) {
    String served = backend.location(dir, "served");
    String url = serve(backend, served, false);
    String clone = backend.location(dir, "clone");
    cli.ok("clone", url, clone);
    assertThat(cli.ok("-r", clone, "remote", "-v").out()).isEqualTo("origin  " + url + "\n");

    cli.ok("-r", clone, "put", "b", "2");
    assertThat(cli.ok("-r", clone, "push").out()).startsWith("Pushed main to origin (" + url + "): ");
    assertThat(cli.ok("-r", served, "get", "b").out()).isEqualTo("2\n");
    cli.ok("-r", served, "put", "c", "3");
    assertThat(cli.ok("-r", clone, "pull").out()).startsWith("Pulled main from origin (" + url + "): ");
    assertThat(cli.ok("-r", clone, "get", "c").out()).isEqualTo("3\n");
    assertThat(cli.ok("-r", clone, "ls-remote").out()).endsWith("  heads/main\n");
  }

  @Test
  void branch_remotes_lists_what_each_remote_last_showed_and_rename_and_remove_carry_those_refs_along() {
    String served = Backend.MEMORY.location(dir, "served");
    String url = serve(Backend.MEMORY, served, false);
    String mirror = Backend.MEMORY.location(dir, "mirror");
    cli.ok("clone", served, mirror);
    cli.ok("-r", mirror, "put", "m", "1");
    String mirrorUrl = serveAs(mirror, "mirror");
    String clone = Backend.FILE.location(dir, "clone");
    cli.ok("clone", url, clone);
    cli.ok("-r", clone, "remote", "add", "mirror", mirrorUrl);
    cli.ok("-r", clone, "fetch", "mirror", "main");
    String servedHead = cli.head(served, "main");
    String mirrorHead = cli.head(mirror, "main");
    assertThat(cli.ok("-r", clone, "branch", "--remotes").out()).isEqualTo("mirror/main  " + mirrorHead
        + "\norigin/main  " + servedHead + "\n");
    JsonNode listed = cli.ok("-r", clone, "branch", "--remotes", "--json").json();
    assertThat(listed.get(0).get("name").asText()).isEqualTo("mirror/main");
    assertThat(listed.get(1).get("commit").asText()).startsWith(servedHead);
    assertThat(cli.ok("-r", clone, "branch").out()).isEqualTo("*  main  " + servedHead + "\n");
    assertThat(cli.ok("-r", clone, "get", "m", "--rev", "mirror/main").out()).isEqualTo("1\n");

    Run shadowing = cli.run("-r", clone, "branch", "remotes/origin/main");
    assertThat(shadowing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(shadowing.err()).contains("starting with 'remotes/'");
    assertThat(cli.run("-r", clone, "branch", "--remotes", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
    cli.ok("-r", clone, "branch", "from-mirror", "mirror/main");
    assertThat(cli.head(clone, "from-mirror")).isEqualTo(mirrorHead);

    cli.ok("-r", clone, "remote", "rename", "mirror", "backup");
    assertThat(cli.ok("-r", clone, "branch", "--remotes").out()).startsWith("backup/main  " + mirrorHead)
        .doesNotContain("mirror/");
    cli.ok("-r", clone, "remote", "remove", "origin");
    assertThat(cli.ok("-r", clone, "branch", "--remotes").out()).isEqualTo("backup/main  " + mirrorHead
        + "\n");
    assertThat(cli.run("-r", clone, "log", "origin/main").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(cli.head(clone, "main")).isEqualTo(servedHead);
  }

  @Test
  void the_token_comes_from_the_token_file_at_each_use_never_from_the_configuration() throws Exception {
    String served = Backend.MEMORY.location(dir, "served");
    String url = serve(Backend.MEMORY, served, true);
    String repo = cli.init(Backend.FILE, dir);
    Run withToken = cli.run("-r", repo, "remote", "add", "origin", url.replace("http://", "http://ci:" + TOKEN + "@"));
    assertThat(withToken.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(withToken.err()).contains("user info", "***@", "--token-file").doesNotContain(TOKEN);
    assertThat(cli.ok("-r", repo, "remote").out()).isEmpty();

    cli.ok("-r", repo, "remote", "add", "origin", url);
    Run refused = cli.run("-r", repo, "pull", "origin", "main");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err()).contains("needs a token");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    cli.ok("-r", repo, "pull", "origin", "main", "--token-file", tokenFile.toString());
    cli.ok("-r", repo, "put", "b", "2");
    cli.ok("-r", repo, "push", "origin", "--token-file", tokenFile.toString());
    assertThat(cli.ok("-r", served, "get", "b").out()).isEqualTo("2\n");
    assertThat(Files.readString(dir.resolve("repo.prolly"), java.nio.charset.StandardCharsets.ISO_8859_1))
        .as("the store holds no token").doesNotContain(TOKEN);
  }

  @Test
  void set_url_rename_and_remove_change_the_configuration() {
    String repo = cli.init(Backend.FILE, dir);
    cli.ok("-r", repo, "remote", "add", "origin", "http://127.0.0.1:1/main");
    assertThat(cli.ok("-r", repo, "remote", "set-url", "origin", "https://example.org:8443/main").out())
        .isEqualTo("Remote origin is now at https://example.org:8443/main\n");
    assertThat(cli.ok("-r", repo, "remote", "rename", "origin", "upstream").out())
        .isEqualTo("Renamed remote origin to upstream\n");
    cli.ok("-r", repo, "remote", "add", "backup", "http://127.0.0.1:2/main");
    assertThat(cli.ok("-r", repo, "remote", "-v").out())
        .isEqualTo("backup    http://127.0.0.1:2/main\nupstream  https://example.org:8443/main\n");
    assertThat(cli.ok("-r", repo, "remote", "rm", "backup").out()).isEqualTo("Removed remote backup\n");
    assertThat(cli.ok("-r", repo, "remote", "remove", "upstream").out()).isEqualTo("Removed remote upstream\n");
    assertThat(cli.ok("-r", repo, "remote", "list").out()).isEmpty();
    assertThat(cli.ok("-r", repo, "branch").out()).as("remotes are no branches").isEmpty();
  }

  @Test
  void an_unknown_name_or_bad_arguments_are_usage_errors_that_list_the_remotes_and_change_nothing() {
    String repo = cli.init(Backend.FILE, dir);
    cli.ok("-r", repo, "put", "a", "1");
    String head = cli.head(repo, "main");

    Run noOrigin = cli.run("-r", repo, "push");
    assertThat(noOrigin.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noOrigin.err()).contains("no remote was given", "'origin'", "no remote is configured",
        "prolly remote add origin URL");

    cli.ok("-r", repo, "remote", "add", "origin", "http://127.0.0.1:1/main");
    cli.ok("-r", repo, "remote", "add", "backup", "http://127.0.0.1:2/main");
    for (String command : List.of("push", "pull", "fetch", "ls-remote")) {
      Run unknown = cli.run("-r", repo, command, "orgin");
      assertThat(unknown.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
      assertThat(unknown.err()).as(command).contains("'orgin'", "the remotes are backup, origin",
          "prolly remote add orgin URL");
    }
    assertThat(Path.of("orgin")).as("no repository is created for a mistyped name").doesNotExist();

    List<List<String>> bad = List.of(List.of("add", "origin", "http://127.0.0.1:3/main"),
        List.of("add", "a/b", "http://127.0.0.1:3/main"), List.of("add", "x", "ftp://host/main"),
        List.of("add", "x", "http://host:1/a b"), List.of("add", "x"), List.of("set-url", "nope", "http://h:1/m"),
        List.of("rename", "nope", "x"), List.of("rename", "backup", "origin"), List.of("remove", "nope"),
        List.of("list", "extra"), List.of("frobnicate"));
    for (List<String> arguments : bad) {
      List<String> command = new ArrayList<>(List.of("-r", repo, "remote"));
      command.addAll(arguments);
      Run refused = cli.run(command.toArray(new String[0]));
      assertThat(refused.exitCode()).as("remote %s", arguments).isEqualTo(ExitCodes.USAGE);
      assertThat(refused.err()).as("remote %s", arguments).isNotEmpty();
    }
    assertThat(cli.run("-r", repo, "remote", "remove", "nope").err()).contains("the remotes are [backup, origin]");
    assertThat(cli.run("-r", repo, "remote", "add", "origin", "http://127.0.0.1:3/main").err())
        .contains("already a remote named 'origin'");
    assertThat(cli.ok("-r", repo, "remote", "-v").out())
        .isEqualTo("backup  http://127.0.0.1:2/main\norigin  http://127.0.0.1:1/main\n");
    assertThat(cli.head(repo, "main")).isEqualTo(head);
  }
}
