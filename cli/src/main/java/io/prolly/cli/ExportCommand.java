package io.prolly.cli;

import io.prolly.BundleReport;
import io.prolly.Repository;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly export FILE}: write branches and tags with their history to a bundle. */
@Command(name = "export", description = {"Writes branches and tags with all their history to a bundle file "
    + "(compressed, checksummed), which import reads into any repository on any backend.",
    "Default: every branch and tag. With --since, only what a receiver holding those commits lacks."})
final class ExportCommand extends RepositoryCommand {

  @Parameters(paramLabel = "FILE", description = "The bundle to write; replaced if it exists.")
  Path file = Path.of("");

  @Option(names = "--branch", paramLabel = "BRANCH", description = "Only this branch (repeatable).")
  List<String> branches = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG", description = "Only this tag (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--since", paramLabel = "REV", description = "Leave out what these revisions reach: the "
      + "receiver has them (repeatable).")
  List<String> since = new ArrayList<>();

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) throws Exception {
    BundleReport report;
    try {
      report = write(repository);
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(file); // half a bundle is no bundle
      throw e;
    }
    BundleView view = BundleView.of(file.toString(), report);
    if (json) {
      printJson(view);
    } else {
      view.print("Exported", out());
    }
    return ExitCodes.OK;
  }

  private BundleReport write(Repository repository) throws IOException {
    try (Progress progress = byteProgress("export", -1);
        OutputStream out = new MeteredOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), progress)) {
      if (branches.isEmpty() && tags.isEmpty() && since.isEmpty()) {
        return repository.transfer().exportBundle(out);
      }
      List<String> refs = new ArrayList<>();
      branches.forEach(branch -> refs.add("heads/" + branch));
      tags.forEach(tag -> refs.add("tags/" + tag));
      if (refs.isEmpty()) {
        repository.branches().keySet().forEach(branch -> refs.add("heads/" + branch));
        repository.tags().keySet().forEach(tag -> refs.add("tags/" + tag));
      }
      return repository.transfer().exportBundle(out, refs, since);
    }
  }
}
