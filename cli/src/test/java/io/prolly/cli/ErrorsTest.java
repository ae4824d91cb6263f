package io.prolly.cli;

import io.prolly.error.BackendNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.cli.Cli.Run;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every kind of user error ends in one clear line on stderr, no stack trace, and the documented
 * exit code; {@code --debug} adds the trace.
 */
class ErrorsTest extends CliTest {

  private String repoWithOneKey() {
    String repo = dir.resolve("repo.prolly").toString();
    assertThat(cli.run("-r", repo, "put", "a", "1").exitCode()).isZero();
    return repo;
  }

  private static void assertOneLine(Run run, int exitCode, String... messageParts) {
    assertThat(run.exitCode()).as("exit code; err: %s", run.err()).isEqualTo(exitCode);
    assertThat(run.err().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("prolly ").contains(messageParts).doesNotContain("\tat ");
  }

  @Test
  void an_unknown_backend_scheme_is_a_usage_error_naming_the_schemes_found() {
    assertOneLine(cli.run("-r", "bogus:/tmp/x", "ls"), ExitCodes.USAGE, "bogus", "file", "lmdb");
  }

  @Test
  void a_malformed_store_uri_is_a_usage_error() {
    assertOneLine(cli.run("-r", "file:/tmp/x?=1", "ls"), ExitCodes.USAGE, "option");
  }

  @Test
  void a_missing_repository_is_not_created_by_a_read() {
    Path missing = dir.resolve("missing.prolly");
    assertOneLine(cli.run("-r", missing.toString(), "ls"), ExitCodes.NOT_FOUND_OR_CONFLICT, "no repository",
        "prolly init");
    assertThat(missing).doesNotExist();
  }

  @Test
  void an_unknown_revision_or_key_exits_1() {
    String repo = repoWithOneKey();
    assertOneLine(cli.run("-r", repo, "get", "a", "--rev", "nope"), ExitCodes.NOT_FOUND_OR_CONFLICT, "nope");
    assertOneLine(cli.run("-r", repo, "get", "b"), ExitCodes.NOT_FOUND_OR_CONFLICT, "no key 'b'");
    assertOneLine(cli.run("-r", repo, "log", "main~5"), ExitCodes.NOT_FOUND_OR_CONFLICT, "main~5");
    assertOneLine(cli.run("-r", repo, "checkout", "nope"), ExitCodes.NOT_FOUND_OR_CONFLICT, "checkout -b nope");
    assertOneLine(cli.run("-r", repo, "import", dir.resolve("none.bundle").toString()),
        ExitCodes.NOT_FOUND_OR_CONFLICT, "no bundle file");
  }

  @Test
  void a_failed_export_leaves_no_file() {
    String repo = repoWithOneKey();
    Path bundle = dir.resolve("partial.bundle");
    assertOneLine(cli.run("-r", repo, "export", bundle.toString(), "--branch", "nope"),
        ExitCodes.NOT_FOUND_OR_CONFLICT, "heads/nope");
    assertThat(bundle).doesNotExist();
  }

  @Test
  void a_store_another_handle_holds_is_reported_as_locked() {
    String repo = repoWithOneKey();
    try (Repository holder = Prolly.open(Path.of(repo))) {
      assertThat(holder.branches()).containsKey("main");
      assertOneLine(cli.run("-r", repo, "ls"), ExitCodes.FAILED, repo, "already open");
    }
    assertThat(cli.run("-r", repo, "ls").exitCode()).isZero();
  }

  @Test
  void a_damaged_store_file_exits_3() throws Exception {
    String repo = repoWithOneKey();
    byte[] garbage = new byte[8192];
    Arrays.fill(garbage, (byte) 0x5A);
    Files.write(Path.of(repo), garbage);
    assertOneLine(cli.run("-r", repo, "ls"), ExitCodes.CORRUPT, repo);
  }

  @Test
  void missing_nodes_make_verify_report_problems_and_reads_exit_3() {
    NodeStore store = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
    Repository repository = Prolly.over(store);
    Store<String> main = repository.store("main", Codecs.utf8());
    main.set("a", "1");
    main.commit("one key");
    deleteAllButCommits(store, repository.resolve("main"));
    cli.repositories.register("memory:damaged", repository);

    Run verify = cli.run("-r", "memory:damaged", "verify", "--json");
    assertThat(verify.exitCode()).isEqualTo(ExitCodes.CORRUPT);
    assertThat(verify.json().get("clean").asBoolean()).isFalse();
    assertThat(verify.json().get("problems")).isNotEmpty();
    Run human = cli.run("-r", "memory:damaged", "verify");
    assertThat(human.exitCode()).isEqualTo(ExitCodes.CORRUPT);
    assertThat(human.out()).contains("PROBLEM ", "problem(s)");

    assertOneLine(cli.run("-r", "memory:damaged", "get", "a"), ExitCodes.CORRUPT, "node");
  }

  private static void deleteAllButCommits(NodeStore store, Hash commit) {
    List<Hash> nodes = new ArrayList<>();
    try (ReadTransaction tx = store.beginRead()) {
      tx.forEachNode(nodes::add);
    }
    try (WriteTransaction tx = store.beginWrite()) {
      nodes.stream().filter(node -> !node.equals(commit)).forEach(tx::delete);
      tx.commit();
    }
  }

  @Test
  void bad_arguments_exit_2_with_the_usage() {
    String repo = repoWithOneKey();
    Run unknownOption = cli.run("-r", repo, "ls", "--bogus");
    assertThat(unknownOption.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownOption.err()).contains("Unknown option: '--bogus'", "Usage: prolly ls");

    Run missingValue = cli.run("-r", repo, "put", "onlykey");
    assertThat(missingValue.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missingValue.err()).contains("give KEY VALUE");

    Run badStrategy = cli.run("-r", repo, "merge", "main", "--strategy", "bogus");
    assertThat(badStrategy.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badStrategy.err()).contains("fail", "ours", "theirs");

    assertThat(cli.run().exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("nosuchcommand").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertOneLine(cli.run("-r", repo, "branch", "bad..name"), ExitCodes.USAGE, "bad..name");
  }

  @Test
  void without_a_repository_a_command_says_how_to_give_one() {
    assumeTrue(System.getenv("PROLLY_REPO") == null, "PROLLY_REPO is set in this environment");
    assertOneLine(cli.run("ls"), ExitCodes.USAGE, "--repo", "PROLLY_REPO");
  }

  @Test
  void debug_prints_the_stack_trace() {
    Run run = cli.run("--debug", "-r", "bogus:/tmp/x", "ls");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("BackendNotFoundException", "\tat ");
  }
}
