package io.prolly.cli;

import io.prolly.bench.LongHistory;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import picocli.CommandLine;

/**
 * {@code prolly log} of a branch of 100,000 commits, run in this JVM as the command line runs it
 * (opening the repository, printing, closing): the time until its first line is printed, and the
 * time to print all 100,000. In the package of the command line, whose commands are not public.
 * A JVM's start is not included; see docs/benchmarks.md for the process figure.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
@State(Scope.Benchmark)
public class CliLogBenchmark {

  @Param({"lmdb"})
  public String backend;

  LongHistory history;

  @Setup(Level.Trial)
  public void makeHistory() {
    history = new LongHistory(backend, 100_000);
  }

  @TearDown(Level.Trial)
  public void deleteHistory() {
    history.close();
  }

  /** Ends the command at its first line of output: what a user waits for before {@code log} starts printing. */
  @Benchmark
  public int untilFirstLine() {
    return run(new FirstLine(), FIRST_LINE, "--repo", history.uri, "log");
  }

  /** The whole log, printed to nowhere. */
  @Benchmark
  public int wholeLog() {
    return run(Writer.nullWriter(), ExitCodes.OK, "--repo", history.uri, "log");
  }

  /** The exit code of a command stopped at its first line. */
  private static final int FIRST_LINE = 100;

  private static int run(Writer out, int expectedExit, String... args) {
    CommandLine commandLine = ProllyCommand.commandLine(Repositories.byLocation());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(Writer.nullWriter()));
    Exception[] failure = new Exception[1];
    commandLine.setExecutionExceptionHandler((e, line, result) -> {
      if (e instanceof FirstLine.Printed) {
        return FIRST_LINE;
      }
      failure[0] = e;
      return ExitCodes.FAILED;
    });
    int exit = commandLine.execute(args);
    if (exit != expectedExit) {
      throw new IllegalStateException("prolly " + String.join(" ", args) + " exited with " + exit, failure[0]);
    }
    return exit;
  }

  /** Output that stops the command at its first line break. */
  private static final class FirstLine extends Writer {
    static final class Printed extends RuntimeException {
      Printed() {
        super(null, null, false, false);
      }
    }

    @Override
    public void write(char[] buffer, int offset, int count) {
      for (int i = offset; i < offset + count; i++) {
        if (buffer[i] == '\n') {
          throw new Printed();
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
