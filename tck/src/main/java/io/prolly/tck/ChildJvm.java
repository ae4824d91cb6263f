package io.prolly.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class of the test's class path in a new JVM, with the running JVM's java: what
 * the crash contract uses, and what a backend's own multi-process tests can use. Thread-safe.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * Starts the process; its output goes to {@code output}.
   *
   * @param mainClass the class whose {@code main} to run
   * @param output where to write the child's stdout and stderr
   * @param args the arguments
   * @return the running process; the caller must end it
   * @throws UncheckedIOException if the process cannot be started
   */
  public static Process start(Class<?> mainClass, Path output, String... args) {
    return startUnder(List.of(), mainClass, output, args);
  }

  /**
   * Starts the process through a launcher that ends by running the command it is given, such as
   * {@code unshare ... sh -c '... exec "$@"' sh}.
   */
  static Process startUnder(List<String> launcher, Class<?> mainClass, Path output, String... args) {
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The same class path as this JVM (with Surefire, a jar whose manifest lists every entry).
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx256m");
    // Children live seconds and are started dozens of times: the client compiler alone and the
    // serial collector start them faster and leave the test JVM more of a small machine.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM: " + String.join(" ", command), e);
    }
  }
}
