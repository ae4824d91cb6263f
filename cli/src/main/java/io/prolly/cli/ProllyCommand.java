package io.prolly.cli;

import io.prolly.CommitSigning;
import io.prolly.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    subcommands = {InitCommand.class, GetCommand.class, PutCommand.class, LoadCommand.class, RmCommand.class,
        CommitCommand.class,
        LsCommand.class, LogCommand.class, ShowCommand.class, DiffCommand.class, BlameCommand.class,
        BranchCommand.class, TagCommand.class, CheckoutCommand.class, ResetCommand.class, MergeCommand.class,
        RevertCommand.class, CherryPickCommand.class, GcCommand.class, KeygenCommand.class,
        VerifyCommand.class, StatsCommand.class, ExportCommand.class, ImportCommand.class, CloneCommand.class,
        PushCommand.class, PullCommand.class, FetchCommand.class, LsRemoteCommand.class, RemoteCommand.class,
        ServeCommand.class,
        CopyCommand.class, BenchCommand.class, DemoCommand.class, CompletionCommand.class})
final class ProllyCommand implements Callable<Integer> {

  @Option(names = {"-r", "--repo"}, scope = ScopeType.INHERIT, paramLabel = "URI|PATH",
      defaultValue = "${env:PROLLY_REPO}",
      description = "Repository: a store URI (file:/data/app.prolly, lmdb:/var/lib/app, rocksdb:..., memory:) "
          + "or a path of the default file backend. Default: the PROLLY_REPO environment variable.")
  @Nullable String repository;

  @Option(names = "--sign-with", scope = ScopeType.INHERIT, paramLabel = "KEYFILE",
      defaultValue = "${env:PROLLY_SIGNING_KEY}",
      description = "Sign the commits this command makes with the Ed25519 key in KEYFILE (and KEYFILE.pub), made by "
          + "'prolly keygen'. Default: the PROLLY_SIGNING_KEY environment variable.")
  @Nullable Path signingKey;

  @Option(names = "--trusted-keys", scope = ScopeType.INHERIT, paramLabel = "FILE",
      defaultValue = "${env:PROLLY_TRUSTED_KEYS}",
      description = "Trust the signers listed in FILE, one 'NAME ed25519 BASE64' per line, for log, show, verify "
          + "and --require-signed. Default: the PROLLY_TRUSTED_KEYS environment variable.")
  @Nullable Path trustedKeys;

  @Option(names = "--require-signed", scope = ScopeType.INHERIT, paramLabel = "BRANCHES",
      description = "Refuse to move branches matching BRANCHES (a name or glob such as 'release/*'; repeatable) to "
          + "commits not signed by a trusted key.")
  List<String> requireSigned = new ArrayList<>();

  @Option(names = "--validator", scope = ScopeType.INHERIT, paramLabel = "BRANCHES=COMMAND",
      description = "Before a branch matching BRANCHES (a name or glob) moves, run COMMAND with the move as JSON on "
          + "stdin (branch, oldHead, newHead, commits, changes); it refuses by exiting non-zero, with what it printed "
          + "as the reason. Repeatable.")
  Map<String, String> validators = new LinkedHashMap<>();

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "No progress bars.")
  boolean quiet;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure.")
  boolean debug;

  @Spec
  @Nullable CommandSpec spec;

  /** The prefix of the names of the validators {@code --validator} registers. */
  private static final String COMMAND_VALIDATOR = "command:";

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
    return openConfigured(location(), create);
  }

  /**
   * Opens a repository with this command's keys and validators, as {@link #openRepository} opens
   * {@code --repo}; {@code serve} opens each repository it serves so, and its validators judge pushes.
   *
   * @param location a store URI or path
   * @param create whether a missing repository may be created
   * @return the open repository, to give back to {@link #releaseRepository}
   * @throws UserException if it does not exist
   */
  Repository openConfigured(String location, boolean create) {
    Repository repository = repositories.open(location, create);
    try {
      configure(repository);
    } catch (RuntimeException badKeys) {
      releaseRepository(repository);
      throw badKeys;
    }
    return repository;
  }

  /**
   * Gives back a repository {@link #openRepository} or {@link #openConfigured} opened, without the
   * keys and validators this command gave it (a repository kept open across commands, as tests
   * keep memory ones, starts the next command without them).
   *
   * @param repository the repository
   */
  void releaseRepository(Repository repository) {
    CommitSigning signing = repository.signing();
    signing.signWith(null);
    signing.trustedKeys().keySet().forEach(signing::distrust);
    validators.keySet().forEach(branches -> repository.removeValidator(COMMAND_VALIDATOR + branches));
    requireSigned.forEach(branches -> repository.removeValidator("signatures:" + branches));
    repositories.release(repository);
  }

  /** Applies {@code --sign-with}, {@code --trusted-keys}, {@code --validator} and {@code --require-signed}. */
  private void configure(Repository repository) {
    CommitSigning signing = repository.signing();
    signing.signWith(signingKey == null ? null : KeyFiles.read(signingKey));
    if (trustedKeys != null) {
      KeyFiles.readTrusted(trustedKeys).forEach(signing::trust);
    }
    validators.forEach((branches, command) ->
        repository.addValidator(branches, COMMAND_VALIDATOR + branches, new CommandValidator(command)));
    requireSigned.forEach(signing::requireSignatures);
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
