package io.prolly.cli;

import io.prolly.BundleReport;
import io.prolly.RefUpdateMode;
import io.prolly.Repository;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly import FILE}: read a bundle into the repository. */
@Command(name = "import", description = {"Reads a bundle into the repository, checking it as untrusted input; "
    + "all or nothing.", "Branches only move forward unless --force."})
final class ImportCommand extends RepositoryCommand {

  @Parameters(paramLabel = "FILE", description = "The bundle.")
  Path file = Path.of("");

  @Option(names = "--force", description = "Set the bundle's refs as they are, even backwards or sideways.")
  boolean force;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no bundle file " + file);
    }
    BundleReport report;
    try (Progress progress = byteProgress("import", Files.size(file));
        InputStream in = new MeteredInputStream(new BufferedInputStream(Files.newInputStream(file)), progress)) {
      report = repository.transfer().importBundle(in, force ? RefUpdateMode.FORCE : RefUpdateMode.FAST_FORWARD);
    }
    BundleView view = BundleView.of(file.toString(), report);
    if (json) {
      printJson(view);
    } else {
      view.print("Imported", out());
    }
    return ExitCodes.OK;
  }
}
