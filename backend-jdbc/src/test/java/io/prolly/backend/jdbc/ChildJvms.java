package io.prolly.backend.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test class path in a new JVM, as the TCK's crash contract does. */
final class ChildJvms {

  private ChildJvms() {}

  static Process start(Class<?> mainClass, Path output, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The same class path as this JVM (with Surefire, a jar whose manifest lists every entry).
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx256m");
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM: " + String.join(" ", command), e);
    }
  }
}
