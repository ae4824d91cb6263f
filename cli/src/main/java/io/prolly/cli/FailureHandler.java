package io.prolly.cli;

import io.prolly.error.BackendNotFoundException;
import io.prolly.error.CommitRefusedException;
import io.prolly.error.CorruptNodeException;
import io.prolly.error.CorruptStoreException;
import io.prolly.error.MergeConflictException;
import io.prolly.error.ProllyException;
import io.prolly.error.RemoteException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.error.StaleRemoteException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line on stderr and an exit code: no stack trace unless
 * {@code --debug} was given, since the messages of Prolly's exceptions already say what is wrong
 * and what to do.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  /** The status a server answers for a repository name it does not serve. */
  private static final int NO_SUCH_REPOSITORY = 404;

  private final ProllyCommand root;

  FailureHandler(ProllyCommand root) {
    this.root = root;
  }

  @Override
  public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult)
      throws Exception {
    if (failure instanceof ParameterException badArguments) {
      // A command that checks its arguments itself reports them like the parser does.
      return commandLine.getParameterExceptionHandler().handleParseException(badArguments,
          parseResult.originalArgs().toArray(new String[0]));
    }
    PrintWriter err = commandLine.getErr();
    int exitCode = exitCode(failure);
    if (failure instanceof CommitRefusedException refused && asksForJson(parseResult)) {
      Json.write(commandLine.getOut(), new Refusal("refused", refused.validator(), refused.branch(), refused.reason(),
          refused.getMessage()));
    }
    err.println(commandLine.getColorScheme().errorText("prolly " + commandLine.getCommandName() + ": "
        + describe(failure)));
    if (root.debug) {
      failure.printStackTrace(err);
    } else if (!isExpected(failure)) {
      err.println("Run again with --debug for the stack trace.");
    }
    err.flush();
    return exitCode;
  }

  /**
   * What {@code --json} prints when a validator refused: the outcome {@code refused}, the
   * validator's name, the branch and the reason, beside the message on stderr.
   */
  record Refusal(String outcome, String validator, String branch, String reason, String message) {}

  private static boolean asksForJson(ParseResult parseResult) {
    ParseResult command = parseResult;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    return command.hasMatchedOption("--json");
  }

  /**
   * Maps a failure to the documented exit code.
   *
   * @param failure what went wrong
   * @return the exit code
   */
  private static int exitCode(Throwable failure) {
    if (failure instanceof UserException user) {
      return user.exitCode();
    }
    if (failure instanceof MergeConflictException || failure instanceof RevisionNotFoundException
        || failure instanceof RemoteException remote && remote.status() == NO_SUCH_REPOSITORY
        || failure instanceof StaleRemoteException) {
      return ExitCodes.NOT_FOUND_OR_CONFLICT;
    }
    if (failure instanceof CorruptStoreException || failure instanceof CorruptNodeException) {
      return ExitCodes.CORRUPT;
    }
    if (failure instanceof IllegalArgumentException || failure instanceof BackendNotFoundException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILED;
  }

  /** Failures whose message is the whole story; anything else may be a bug worth a trace. */
  private static boolean isExpected(Throwable failure) {
    return failure instanceof UserException || failure instanceof ProllyException
        || failure instanceof IllegalArgumentException || failure instanceof IOException
        || failure instanceof UncheckedIOException;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof UncheckedIOException || failure instanceof IOException) {
      return "I/O error: " + message;
    }
    if (isExpected(failure) && message != null) {
      return message;
    }
    return "unexpected " + failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
