package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the application in a JVM of its own, on the module path and on the class path. On the
 * module path the JVM refuses to start if two modules hold the same package, so a run that gets
 * going also shows that no package is split between Prolly's jars (or their dependencies).
 */
class ModularApplicationTest {

  private static final List<String> BACKENDS = List.of("memory", "file", "lmdb", "rocksdb", "jdbc");

  @TempDir Path directory;

  @Test
  void onTheModulePathEveryBackendIsANamedModuleFoundThroughItsProvidesClause() throws Exception {
    // lmdbjava's native library jar (org.lmdbjava:native) cannot be a module: "native" is a keyword.
    // It holds no classes, only the library that lmdbjava extracts, so it stays on the class path.
    String output = run("--module-path", runtimePath(entry -> !isLmdbNatives(entry)),
        "-classpath", runtimePath(ModularApplicationTest::isLmdbNatives),
        "--module", "app/app.Main", "module", directory.toString());
    assertEquals("io.prolly.core", moduleOf("memory", output));
    for (String scheme : List.of("file", "lmdb", "rocksdb", "jdbc")) {
      assertEquals("io.prolly.backend." + scheme, moduleOf(scheme, output), output);
    }
    assertWorked(output);
  }

  @Test
  void onTheClassPathTheSameApplicationFindsEveryBackend() throws Exception {
    String output = run("-classpath", runtimePath(entry -> true), "app.Main", "class", directory.toString());
    for (String scheme : BACKENDS) {
      assertEquals("the unnamed module", moduleOf(scheme, output), output);
    }
    assertWorked(output);
  }

  private static void assertWorked(String output) {
    for (String scheme : List.of("memory", "file", "lmdb", "rocksdb")) {
      assertTrue(output.contains("committed " + scheme + ", read back " + scheme), output);
    }
    assertTrue(output.contains("jdbc found, no server"), output);
    assertTrue(output.contains("kryo read back Item[name=tea, priceCents=350]"), output);
  }

  private static String moduleOf(String scheme, String output) {
    String prefix = "backend " + scheme + " in ";
    return output.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
        .findFirst().orElse("not found");
  }

  /** The application and its runtime dependencies: this test's class path without the test stack. */
  private static String runtimePath(Predicate<String> which) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .filter(which)
        .filter(entry -> !entry.matches(".*(junit|opentest4j|apiguardian|surefire).*"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static boolean isLmdbNatives(String entry) {
    return entry.replace(File.separatorChar, '/').contains("/org/lmdbjava/native/");
  }

  private static String run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> String.join(" ", command) + "\n" + output);
    return output;
  }
}
