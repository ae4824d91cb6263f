package io.prolly.cli;

import io.prolly.Repository;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code prolly}: the options every command shares (repository, quiet, debug)
 * and the list of commands.
 */
@Command(name = "prolly", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = ProllyVersion.class, sortOptions = false, usageHelpAutoWidth = true,
    description = "Versioned key-value repositories from the shell: commits, branches, diffs, merges, sync.",
    footer = ExitCodes.FOOTER,
    subcommands = {InitCommand.class, GetCommand.class, PutCommand.class, RmCommand.class, CommitCommand.class,
        LsCommand.class, LogCommand.class, ShowCommand.class, DiffCommand.class, BlameCommand.class,
        BranchCommand.class, TagCommand.class, CheckoutCommand.class, ResetCommand.class, MergeCommand.class,
        RevertCommand.class, CherryPickCommand.class, GcCommand.class,
        VerifyCommand.class, StatsCommand.class, ExportCommand.class, ImportCommand.class, CloneCommand.class,
        PushCommand.class, PullCommand.class, CopyCommand.class, BenchCommand.class, DemoCommand.class,
        CompletionCommand.class})
final class ProllyCommand implements Callable<Integer> {

  @Option(names = {"-r", "--repo"}, scope = ScopeType.INHERIT, paramLabel = "URI|PATH",
      defaultValue = "${env:PROLLY_REPO}",
      description = "Repository: a store URI (file:/data/app.prolly, lmdb:/var/lib/app, rocksdb:..., memory:) "
          + "or a path of the default file backend. Default: the PROLLY_REPO environment variable.")
  @Nullable String repository;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "No progress bars.")
  boolean quiet;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure.")
  boolean debug;

  @Spec
  @Nullable CommandSpec spec;

  private final Repositories repositories;

  ProllyCommand(Repositories repositories) {
    this.repositories = repositories;
  }

  /**
   * Builds the command line with its error handling.
   *
   * @param repositories where repositories come from
   * @return the command line, ready to {@code execute}
   */
  static CommandLine commandLine(Repositories repositories) {
    ProllyCommand root = new ProllyCommand(repositories);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setExecutionExceptionHandler(new FailureHandler(root));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  /** Without a command: the usage, on stderr, as a usage error. */
  @Override
  public Integer call() {
    CommandLine commandLine = CliCommand.specOf(spec).commandLine();
    commandLine.usage(commandLine.getErr());
    return ExitCodes.USAGE;
  }

  Repositories repositories() {
    return repositories;
  }

  /**
   * Opens the repository given by {@code --repo} or {@code PROLLY_REPO}.
   *
   * @param create whether a missing repository may be created
   * @return the open repository
   * @throws UserException if no repository was given or it does not exist
   */
  Repository openRepository(boolean create) {
    return repositories.open(location(), create);
  }

  /**
   * Returns the repository given by {@code --repo} or {@code PROLLY_REPO}.
   *
   * @return the URI or path
   * @throws UserException if neither was given
   */
  String location() {
    if (repository == null || repository.isBlank()) {
      throw new UserException(ExitCodes.USAGE,
          "no repository given: use --repo URI|PATH (such as --repo data.prolly) or set PROLLY_REPO");
    }
    return repository;
  }
}
