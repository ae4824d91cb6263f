package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Every command against a real repository on the file and the memory backend, as a user would run
 * them: output, {@code --json} documents read back, and exit codes.
 */
class CommandsTest extends CliTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void put_then_get_ls_and_log_show_the_committed_keys(Backend backend) {
    String repo = cli.init(backend, dir);
    assertThat(cli.ok("-r", repo, "put", "greeting", "hello", "-m", "first").out()).contains("[main ", "] first");
    cli.ok("-r", repo, "put", "subject", "world");
    cli.ok("-r", repo, "put", "--ns", "eu/fr", "greeting", "bonjour");

    assertThat(cli.ok("-r", repo, "get", "greeting").out()).isEqualTo("hello\n");
    assertThat(cli.ok("-r", repo, "get", "--ns", "eu/fr", "greeting").out()).isEqualTo("bonjour\n");
    assertThat(cli.ok("-r", repo, "ls").out()).isEqualTo("eu/\ngreeting\nsubject\n");
    assertThat(cli.ok("-r", repo, "ls", "-l", "--prefix", "gr").out()).isEqualTo("greeting  hello\n");
    assertThat(cli.ok("-r", repo, "ls", "--limit", "1", "--ns", "eu").out()).isEqualTo("fr/\n");

    List<String> log = cli.ok("-r", repo, "log").out().lines().toList();
    assertThat(log).hasSize(3);
    assertThat(log.get(0)).contains("(main)", "put eu/fr/greeting");
    assertThat(log.get(2)).contains("first");
    assertThat(cli.ok("-r", repo, "log", "-n", "1").out().lines()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void json_output_of_the_read_commands_parses_back(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "a=1", "--set", "b=2", "-m", "two keys");
    cli.ok("-r", repo, "tag", "v1");
    cli.ok("-r", repo, "put", "a", "3");

    JsonNode got = cli.ok("-r", repo, "get", "a", "--json").json();
    assertThat(got.get("value").asText()).isEqualTo("3");
    assertThat(got.get("revision").asText()).isEqualTo("main");
    assertThat(got.get("commit").asText()).hasSize(64);

    JsonNode listing = cli.ok("-r", repo, "ls", "--json", "--rev", "v1").json();
    assertThat(listing.get("entries")).hasSize(2);
    assertThat(listing.get("entries").get(1).get("key").asText()).isEqualTo("b");
    assertThat(listing.get("entries").get(1).get("value").asText()).isEqualTo("2");

    JsonNode log = cli.ok("-r", repo, "log", "--json").json();
    assertThat(log).hasSize(2);
    assertThat(log.get(1).get("message").asText()).isEqualTo("two keys");
    assertThat(log.get(1).get("refs").get(0).asText()).isEqualTo("tag: v1");
    assertThat(log.get(0).get("parents").get(0).asText()).isEqualTo(log.get(1).get("id").asText());

    JsonNode shown = cli.ok("-r", repo, "show", "--json").json();
    assertThat(shown.get("commit").get("id").asText()).isEqualTo(log.get(0).get("id").asText());
    JsonNode change = shown.get("changes").get("changes").get(0);
    assertThat(change.get("kind").asText()).isEqualTo("changed");
    assertThat(change.get("oldValue").asText()).isEqualTo("1");
    assertThat(change.get("newValue").asText()).isEqualTo("3");

    JsonNode diff = cli.ok("-r", repo, "diff", "v1", "main", "--json").json();
    assertThat(diff.get("total").asLong()).isEqualTo(1);
    assertThat(diff.get("changes").get(0).get("key").asText()).isEqualTo("a");

    JsonNode branches = cli.ok("-r", repo, "branch", "--json").json();
    assertThat(branches).hasSize(1);
    assertThat(branches.get(0).get("name").asText()).isEqualTo("main");
    assertThat(branches.get(0).get("current").asBoolean()).isTrue();
    assertThat(cli.ok("-r", repo, "tag", "--json").json().get(0).get("name").asText()).isEqualTo("v1");

    JsonNode stats = cli.ok("-r", repo, "stats", "--json").json();
    assertThat(stats.get("nodes").asLong()).isPositive();
    assertThat(stats.get("branches").asInt()).isEqualTo(1);
    assertThat(stats.get("tags").asInt()).isEqualTo(1);

    JsonNode verified = cli.ok("-r", repo, "verify", "--json").json();
    assertThat(verified.get("clean").asBoolean()).isTrue();
    assertThat(verified.get("commitsChecked").asLong()).isEqualTo(2);
    assertThat(verified.get("problems")).isEmpty();

    JsonNode collected = cli.ok("-r", repo, "gc", "--json").json();
    assertThat(collected.get("nodesAfter").asLong()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rm_and_commit_write_one_commit_each_and_refuse_absent_keys(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "a=1", "--set", "b=2", "--set", "c=3");
    cli.ok("-r", repo, "commit", "--set", "d=4", "--rm", "a", "-m", "swap");
    cli.ok("-r", repo, "rm", "b", "c");
    assertThat(cli.ok("-r", repo, "ls").out()).isEqualTo("d\n");
    assertThat(cli.ok("-r", repo, "log").out().lines()).hasSize(3);

    Run absent = cli.run("-r", repo, "rm", "d", "nope");
    assertThat(absent.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(absent.err()).contains("no key 'nope'");
    assertThat(cli.ok("-r", repo, "ls").out()).isEqualTo("d\n");
    assertThat(cli.ok("-r", repo, "log").out().lines()).hasSize(3);

    Run empty = cli.run("-r", repo, "commit", "-m", "nothing");
    assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(empty.err()).contains("nothing to commit");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void put_from_file_sets_every_pair_in_one_commit(Backend backend) throws Exception {
    String repo = cli.init(backend, dir);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add(String.format("k%03d\tvalue %d", i, i));
    }
    Path pairs = Files.write(dir.resolve("pairs.tsv"), lines);
    assertThat(cli.ok("-r", repo, "put", "--from-file", pairs.toString(), "--ns", "bulk").out()).contains("500 set");
    assertThat(cli.ok("-r", repo, "ls", "--ns", "bulk").out().lines()).hasSize(500);
    assertThat(cli.ok("-r", repo, "get", "--ns", "bulk", "k499").out()).isEqualTo("value 499\n");
    assertThat(cli.ok("-r", repo, "log").out().lines()).hasSize(1);

    Path bad = Files.writeString(dir.resolve("bad.tsv"), "k\tv\nno tab here\n");
    Run refused = cli.run("-r", repo, "put", "--from-file", bad.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("line 2 has no tab");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void load_replaces_a_namespace_with_a_sorted_file_and_refuses_an_unsorted_one(Backend backend) throws Exception {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "put", "--ns", "bulk", "old", "replaced by the load");
    cli.ok("-r", repo, "put", "kept", "outside the namespace");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add(String.format("k%03d\tvalue %d", i, i));
    }
    Path pairs = Files.write(dir.resolve("sorted.tsv"), lines);
    assertThat(cli.ok("-r", repo, "load", pairs.toString(), "--ns", "bulk", "-m", "bulk load").out())
        .startsWith("[main ").contains("bulk load");
    assertThat(cli.ok("-r", repo, "ls", "--ns", "bulk").out().lines()).hasSize(500).doesNotContain("old");
    assertThat(cli.ok("-r", repo, "get", "--ns", "bulk", "k499").out()).isEqualTo("value 499\n");
    assertThat(cli.ok("-r", repo, "get", "kept").out()).isEqualTo("outside the namespace\n");
    String head = cli.ok("-r", repo, "log", "-n", "1").out();

    Path unsorted = Files.writeString(dir.resolve("unsorted.tsv"), "b\t1\na\t2\n");
    Run refused = cli.run("-r", repo, "load", unsorted.toString(), "--ns", "bulk");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("unsorted.tsv").contains("strictly increasing").contains("Sort the input");
    Path noTab = Files.writeString(dir.resolve("notab.tsv"), "a\t1\nno tab here\n");
    assertThat(cli.run("-r", repo, "load", noTab.toString()).err()).contains("line 2 has no tab");
    assertThat(cli.run("-r", repo, "load", dir.resolve("absent.tsv").toString()).exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(cli.ok("-r", repo, "log", "-n", "1").out()).as("the branch did not move").isEqualTo(head);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void log_stops_printing_when_its_reader_goes_away(Backend backend) {
    String repo = cli.init(backend, dir);
    for (int i = 0; i < 20; i++) {
      cli.ok("-r", repo, "put", "k", "v" + i);
    }
    StringBuilder printed = new StringBuilder();
    int[] refused = new int[1];
    // Like a pipe whose reader (head -3) exited after three lines.
    Writer closingAfterThreeLines = new Writer() {
      @Override
      public void write(char[] buffer, int offset, int count) throws IOException {
        if (printed.chars().filter(c -> c == '\n').count() >= 3) {
          refused[0]++;
          throw new IOException("Broken pipe");
        }
        printed.append(buffer, offset, count);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    CommandLine commandLine = ProllyCommand.commandLine(cli.repositories);
    commandLine.setOut(new PrintWriter(closingAfterThreeLines, true));
    commandLine.setErr(new PrintWriter(Writer.nullWriter()));
    assertThat(commandLine.execute("-r", repo, "log")).isEqualTo(ExitCodes.OK);
    assertThat(printed.toString().lines()).hasSize(3);
    // The fourth line's text and line break, not the 17 lines after it.
    assertThat(refused[0]).as("writes tried after the reader went away").isLessThanOrEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void branches_checkout_diff_and_a_fast_forward_merge(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "greeting=hello", "--set", "subject=world");
    assertThat(cli.ok("-r", repo, "checkout", "-b", "feature").out()).contains("On branch feature");
    cli.ok("-r", repo, "commit", "--set", "greeting=bonjour", "--set", "new=1", "--rm", "subject");
    assertThat(cli.ok("-r", repo, "branch").out()).isEqualTo(String.format(
        "*  feature  %s%n   main     %s%n", cli.head(repo, "feature"), cli.head(repo, "main")));

    Run diff = cli.ok("-r", repo, "diff", "main", "feature");
    assertThat(diff.out()).isEqualTo("~ greeting: hello -> bonjour\n+ new = 1\n- subject (was world)\n3 change(s)\n");
    assertThat(cli.ok("-r", repo, "diff", "main", "feature", "--limit", "1").out())
        .contains("~ greeting", "... and 2 more").doesNotContain("+ new");

    cli.ok("-r", repo, "checkout", "main");
    assertThat(cli.ok("-r", repo, "get", "greeting").out()).isEqualTo("hello\n");
    assertThat(cli.ok("-r", repo, "merge", "feature").out()).startsWith("Fast-forward main to ");
    assertThat(cli.ok("-r", repo, "get", "greeting").out()).isEqualTo("bonjour\n");
    assertThat(cli.ok("-r", repo, "merge", "feature").out()).contains("already contains");

    assertThat(cli.ok("-r", repo, "branch", "-d", "feature").out()).startsWith("Deleted branch feature");
    assertThat(cli.ok("-r", repo, "branch").out().lines()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_conflicting_merge_lists_the_keys_writes_nothing_and_exits_1(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "price=10", "--set", "stock=5");
    cli.ok("-r", repo, "branch", "sale");
    cli.ok("-r", repo, "put", "price", "12");
    cli.ok("-r", repo, "put", "-b", "sale", "price", "8");
    cli.ok("-r", repo, "put", "-b", "sale", "stock", "4");
    String before = cli.head(repo, "main");

    Run conflict = cli.run("-r", repo, "merge", "sale");
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(conflict.out()).contains("CONFLICT price", "nothing was written", "--strategy")
        .doesNotContain("CONFLICT stock");
    assertThat(cli.head(repo, "main")).isEqualTo(before);
    Run conflictJson = cli.run("-r", repo, "merge", "sale", "--json");
    assertThat(conflictJson.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(conflictJson.json().get("outcome").asText()).isEqualTo("conflict");
    assertThat(conflictJson.json().get("conflicts").toString()).isEqualTo("[\"price\"]");
    assertThat(conflictJson.json().get("commit").isNull()).isTrue();
    assertThat(cli.head(repo, "main")).isEqualTo(before);

    assertThat(cli.ok("-r", repo, "merge", "sale", "--into", "main", "--strategy", "theirs").out())
        .contains("Merged sale into main", "1 conflicting key(s)", "price");
    assertThat(cli.ok("-r", repo, "get", "price").out()).isEqualTo("8\n");
    var merged = cli.ok("-r", repo, "merge", "sale", "--json").json();
    assertThat(merged.get("outcome").asText()).isEqualTo("up_to_date");
    assertThat(merged.get("commit").asText()).startsWith(cli.head(repo, "main"));
    assertThat(cli.ok("-r", repo, "get", "stock").out()).isEqualTo("4\n");
    assertThat(cli.ok("-r", repo, "log", "--graph").out().lines().toList().get(1)).startsWith("| * ");
    assertThat(cli.ok("-r", repo, "show").out()).contains("Merge:  ");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reset_moves_the_branch_back_and_tags_and_time_travel_read_old_values(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "put", "v", "1");
    cli.ok("-r", repo, "tag", "one");
    cli.ok("-r", repo, "put", "v", "2");
    cli.ok("-r", repo, "put", "v", "3");
    assertThat(cli.ok("-r", repo, "get", "v", "--rev", "main~1").out()).isEqualTo("2\n");
    assertThat(cli.ok("-r", repo, "get", "v", "--rev", "one").out()).isEqualTo("1\n");
    assertThat(cli.ok("-r", repo, "reset", "main~2").out()).startsWith("main: ");
    assertThat(cli.ok("-r", repo, "get", "v").out()).isEqualTo("1\n");
    assertThat(cli.ok("-r", repo, "log").out().lines()).hasSize(1);
    assertThat(cli.ok("-r", repo, "tag", "-d", "one").out()).startsWith("Deleted tag one");
    assertThat(cli.ok("-r", repo, "tag").out()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void export_import_clone_push_pull_and_copy_move_history_between_repositories(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "put", "a", "1");
    cli.ok("-r", repo, "tag", "v1");
    Path bundle = dir.resolve("all.bundle");
    assertThat(cli.ok("-r", repo, "export", bundle.toString()).out()).contains("Exported", "2 refs");

    String imported = Backend.MEMORY.location(dir, "imported");
    JsonNode report = cli.ok("-r", imported, "import", bundle.toString(), "--json").json();
    assertThat(report.get("updatedRefs")).hasSize(2);
    assertThat(cli.ok("-r", imported, "get", "a", "--rev", "v1").out()).isEqualTo("1\n");

    String clone = Backend.FILE.location(dir, "clone");
    assertThat(cli.ok("clone", repo, clone).out()).contains("Cloned");
    cli.ok("-r", clone, "put", "b", "2");
    assertThat(cli.ok("-r", clone, "push", repo).out()).contains("Pushed main", "heads/main");
    assertThat(cli.ok("-r", repo, "get", "b").out()).isEqualTo("2\n");

    cli.ok("-r", repo, "put", "c", "3");
    assertThat(cli.ok("-r", clone, "pull", repo, "--json").json().get("merge").asText()).startsWith("fast_forward ");
    assertThat(cli.ok("-r", clone, "get", "c").out()).isEqualTo("3\n");

    String copy = Backend.MEMORY.location(dir, "copy");
    assertThat(cli.ok("copy", clone, copy, "--json").json().get("nodes").asLong()).isPositive();
    assertThat(cli.ok("-r", copy, "ls").out()).isEqualTo("a\nb\nc\n");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_pull_with_conflicts_lists_them_and_exits_1(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "put", "k", "base");
    String other = Backend.FILE.location(dir, "other");
    cli.ok("clone", repo, other);
    cli.ok("-r", repo, "put", "k", "ours");
    cli.ok("-r", other, "put", "k", "theirs");

    Run pulled = cli.run("-r", repo, "pull", other);
    assertThat(pulled.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(pulled.out()).contains("CONFLICT k");
    assertThat(cli.ok("-r", repo, "get", "k").out()).isEqualTo("ours\n");
    Run pushed = cli.run("-r", repo, "push", other);
    assertThat(pushed.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(pushed.err().lines()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void diff_is_coloured_when_the_terminal_takes_colours(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "put", "a", "1");
    cli.ok("-r", repo, "commit", "--set", "a=2", "--set", "b=1");
    Run coloured = cli.run(Ansi.ON, "-r", repo, "diff", "main~1", "main");
    assertThat(coloured.out()).contains("\u001B[", "~ ", "+ ");
    assertThat(cli.run(Ansi.OFF, "-r", repo, "diff", "main~1", "main").out()).doesNotContain("\u001B[");
  }
}
