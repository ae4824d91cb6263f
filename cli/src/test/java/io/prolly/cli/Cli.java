package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Runs prolly commands in this JVM, as the command line would, capturing what they print. */
final class Cli implements AutoCloseable {

  /** What a command did. */
  record Run(int exitCode, String out, String err) {

    JsonNode json() {
      try {
        return new ObjectMapper().readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + out, e);
      }
    }
  }

  /** Which backend a test's repositories use. */
  enum Backend {
    FILE, MEMORY;

    /** A new repository location of this backend, in {@code dir} for the file backend. */
    String location(Path dir, String name) {
      return this == FILE ? dir.resolve(name + ".prolly").toString() : "memory:" + name;
    }
  }

  final SharedRepositories repositories = new SharedRepositories();

  Run run(String... args) {
    return run(Ansi.OFF, args);
  }

  Run run(Ansi ansi, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = ProllyCommand.commandLine(repositories);
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** Runs a command that must succeed: exit code 0 and nothing on stderr. */
  Run ok(String... args) {
    Run run = run(args);
    assertThat(run.exitCode()).as("exit code of %s; err: %s", List.of(args), run.err()).isZero();
    assertThat(run.err()).isEmpty();
    return run;
  }

  /** Creates a repository of a backend ({@code prolly init}) and returns its location. */
  String init(Backend backend, Path dir) {
    String location = backend.location(dir, "repo");
    assertThat(run("init", location).exitCode()).isZero();
    return location;
  }

  /** The short id of a branch's head, as {@code log -n 1} prints it. */
  String head(String repo, String branch) {
    return ok("-r", repo, "log", branch, "-n", "1").out().substring(0, 12);
  }

  @Override
  public void close() {
    repositories.close();
  }
}
