package io.prolly.cli;

import io.prolly.ProgressListener;
import io.prolly.Repository;
import io.prolly.SyncReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command has: the top command's shared options, its own output writer (so that tests
 * capture it), colours when the terminal takes them, and progress bars.
 */
abstract class CliCommand implements Callable<Integer> {

  @ParentCommand
  @Nullable ProllyCommand parent;

  @Spec
  @Nullable CommandSpec spec;

  static CommandSpec specOf(@Nullable CommandSpec spec) {
    if (spec == null) {
      throw new IllegalStateException("picocli injects the command spec before running a command");
    }
    return spec;
  }

  final ProllyCommand root() {
    if (parent == null) {
      throw new IllegalStateException("a prolly command runs under the top command 'prolly'");
    }
    return parent;
  }

  final PrintWriter out() {
    return specOf(spec).commandLine().getOut();
  }

  /**
   * Whether what reads the output went away, such as {@code head} in a pipe: then printing more
   * is wasted. Asks standard output too, since the default output writes through it, and it keeps
   * its write errors to itself.
   */
  final boolean outputClosed() {
    return out().checkError() || System.out.checkError();
  }

  final Ansi ansi() {
    return specOf(spec).commandLine().getColorScheme().ansi();
  }

  /**
   * Starts a progress bar on the terminal's stderr, or a silent one when stderr is not a terminal
   * or {@code --quiet} or {@code --json} was given.
   *
   * @param task what is in progress
   * @param max the number of steps, or -1 when unknown
   * @return the progress bar, to close when done
   */
  final Progress progress(String task, long max) {
    return Progress.start(showsProgress(), task, max);
  }

  /**
   * Runs an operation that reports no progress of its own under an indeterminate bar with the
   * time elapsed, so that a long one visibly runs.
   *
   * @param task what is in progress
   * @param operation the operation
   * @param <T> what it returns
   * @return what the operation returned
   */
  final <T> T whileShowing(String task, Supplier<T> operation) {
    try (Progress progress = progress(task, -1)) {
      progress.message("running");
      return operation.get();
    }
  }

  /**
   * Runs a long repository operation under a bar that follows the progress the repository reports
   * (see {@link ProgressListener}): the phase and the nodes so far, against the total once known,
   * and for transfers the MiB moved.
   *
   * @param task what is in progress
   * @param repository the repository that reports it: the one whose method runs
   * @param operation the operation
   * @param <T> what it returns
   * @return what the operation returned
   */
  final <T> T withProgress(String task, Repository repository, Supplier<T> operation) {
    try (Progress progress = progress(task, -1)) {
      repository.setProgressListener(new ProgressListener() {
        @Override
        public void progress(String name, String phase, long done, long total) {
          progress.update(phase + " nodes", done, total);
        }

        @Override
        public void progress(String name, String phase, long done, long total, long bytes) {
          progress.update(phase.equals("looking") ? phase + " nodes"
              : String.format("%s nodes, %.1f MiB", phase, bytes / (double) (1 << 20)), done, total);
        }
      });
      try {
        return operation.get();
      } finally {
        repository.setProgressListener(null);
      }
    }
  }

  /** A progress bar counting bytes, shown in MiB; see {@link #progress(String, long)}. */
  final Progress byteProgress(String task, long maxBytes) {
    return Progress.start(showsProgress(), task, maxBytes, " MiB", 1 << 20);
  }

  private boolean showsProgress() {
    return !root().quiet && !printsJson() && Terminal.isInteractive();
  }

  /** Whether the command was given {@code --json}: its output is for a program, so no bar either. */
  private boolean printsJson() {
    OptionSpec json = specOf(spec).findOption("--json");
    return json != null && Boolean.TRUE.equals(json.getValue());
  }

  /**
   * Checks a count given on the command line, such as {@code --limit}.
   *
   * @param value the count
   * @param option the option's name, for the message
   * @return the count
   * @throws ParameterException if it is negative, reported as a usage error
   */
  final long nonNegative(long value, String option) {
    if (value < 0) {
      throw new ParameterException(specOf(spec).commandLine(), option + " must be 0 or more, not " + value);
    }
    return value;
  }

  /** Prints a value as JSON on stdout. */
  final void printJson(Object value) {
    Json.write(out(), value);
  }
  /** Prints what a transfer between repositories did, as JSON or under a title; returns the exit code. */
  final int printSync(SyncReport report, boolean json, String title) {
    SyncView view = SyncView.of(report);
    if (json) {
      printJson(view);
    } else {
      view.print(title, out());
    }
    return ExitCodes.OK;
  }

}
