package io.prolly.cli;

import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prolly demo}: the README's tour, on the file backend. */
@Command(name = "demo", description = {"Tours Prolly in a new repository of the default file backend, timing "
    + "each step: 100,000 keys committed at once, a branch, concurrent commits merged automatically, a diff, "
    + "a merge, time travel, verify and gc.", "Works in a temporary folder deleted afterwards, or in --dir, "
    + "kept for you to explore. (--repo is not used.)"})
final class DemoCommand extends CliCommand {

  static final String FILE_NAME = "demo.prolly";

  @Option(names = "--dir", paramLabel = "DIR", description = "Keep the repository in DIR/" + FILE_NAME
      + "; DIR must not hold one already.")
  @Nullable Path dir;

  @Override
  public Integer call() throws Exception {
    if (dir != null) {
      return tour(Files.createDirectories(dir));
    }
    try (TemporaryFolder folder = TemporaryFolder.create("prolly-demo-")) {
      return tour(folder.path());
    }
  }

  private int tour(Path folder) throws Exception {
    Path file = folder.resolve(FILE_NAME);
    if (Files.exists(file)) {
      throw new UserException(ExitCodes.USAGE, file + " exists; give the demo a new --dir");
    }
    out().println("Repository: " + file + " (file backend, the default)");
    long start = System.nanoTime();
    try (Repository repository = Prolly.open(file)) {
      Demo.tour(repository, out());
    }
    out().printf("Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    if (dir != null) {
      out().println("Explore it: ./prolly -r " + file + " log --graph");
    }
    out().flush();
    return ExitCodes.OK;
  }
}
