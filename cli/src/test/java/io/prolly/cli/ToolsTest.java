package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.cli.Cli.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The commands that need no repository: help, version, completion and the quick bench. */
class ToolsTest {

  private final Cli cli = new Cli();

  @AfterEach
  void closeRepositories() {
    cli.close();
  }

  @Test
  void help_lists_every_command_and_the_exit_codes() {
    Run help = cli.run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("init", "get", "put", "rm", "commit", "ls", "log", "show", "diff", "branch", "tag",
        "checkout", "reset", "merge", "revert", "cherry-pick", "gc", "verify", "stats", "export", "import", "clone", "push", "pull", "copy",
        "bench", "demo", "completion", "Exit codes:", "3  corrupt store", "PROLLY_REPO");
    assertThat(help.out()).contains("blame");
    assertThat(cli.run("merge", "--help").out()).contains("--strategy", "Exit codes:");
  }

  @Test
  void a_command_line_builds_only_the_commands_its_arguments_name() {
    assertThat(ProllyCommand.commandsNamedIn("-r", "data.prolly", "log", "-n", "1")).containsExactly(LogCommand.class);
    assertThat(ProllyCommand.commandsNamedIn("-r", "log", "get", "log")).containsExactly(LogCommand.class, GetCommand.class);
    assertThat(ProllyCommand.commandsNamedIn("--repo", "x")).isEmpty();
    assertThat(ProllyCommand.commandsNamedIn("log", "--help")).contains(InitCommand.class, CompletionCommand.class);
    assertThat(ProllyCommand.commandsNamedIn("-qh", "log")).contains(InitCommand.class, CompletionCommand.class);
    assertThat(ProllyCommand.commandsNamedIn("@arguments.txt")).contains(InitCommand.class, CompletionCommand.class);
  }

  @Test
  void a_mistake_in_the_top_options_is_told_with_every_command_though_one_was_named() {
    Run commandAsRepository = cli.run("-r", "log");
    assertThat(commandAsRepository.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(commandAsRepository.err()).contains("Expected parameter for option '--repo' but found 'log'",
        "Usage: prolly", "init", "blame", "completion");

    Run badTopOption = cli.run("--bogus", "log");
    assertThat(badTopOption.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTopOption.err()).contains("--bogus", "init", "blame", "completion");
  }

  @Test
  void version_is_printed() {
    assertThat(cli.run("--version").out()).startsWith("prolly ");
  }

  @Test
  void completion_prints_a_bash_script_covering_the_commands() {
    Run completion = cli.run("completion");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete -F", "prolly", "checkout", "--strategy");
  }

  @Test
  void bench_prints_one_row_per_backend_and_says_it_is_a_quick_measurement() {
    Run bench = cli.run("bench", "--backends", "memory,file", "--keys", "300", "--commits", "3", "--reads", "300");
    assertThat(bench.exitCode()).as(bench.err()).isZero();
    assertThat(bench.out()).contains("Quick measurement, not a benchmark", "JMH", "bulk load keys/s");
    assertThat(bench.out().lines().filter(line -> line.startsWith("memory ") || line.startsWith("file "))).hasSize(2);
  }

  @Test
  void bench_refuses_an_unknown_backend_with_the_usage_exit_code() {
    Run bench = cli.run("bench", "--backends", "nosuch", "--keys", "10");
    assertThat(bench.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bench.err()).contains("nosuch");
  }
}
