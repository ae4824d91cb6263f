package io.prolly.cli;

import io.prolly.GcReport;
import io.prolly.Repository;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prolly gc}: delete what no branch, tag or live store reaches. */
@Command(name = "gc", description = "Deletes every node no branch, tag or live store reaches (after reset, "
    + "branch -d, failed merges). Safe while others commit.")
final class GcCommand extends RepositoryCommand {

  /** The {@code --json} document. */
  record Collected(long nodesBefore, long nodesAfter, long nodesDeleted, long bytesBefore, long bytesAfter,
      long bytesFreed, long millis, @Nullable Long storageBytesBefore, @Nullable Long storageBytesAfter) {}

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(names = "--compact", description = "Then give the disk space back where the backend can (file: rewrite "
      + "and shrink the file; rocksdb: compact the tables; jdbc: VACUUM; lmdb: replace the file by a compacted copy"
      + " when an eighth of it is free).")
  boolean compact;

  @Override
  int run(Repository repository) {
    long storageBefore = compact ? repository.maintenance().stats().storageBytes() : 0;
    GcReport report = withProgress("gc", repository, repository.maintenance()::gc);
    Long storageAfter = compact ? repository.maintenance().compact().storageBytes() : null;
    if (json) {
      printJson(new Collected(report.nodesBefore(), report.nodesAfter(), report.nodesDeleted(), report.bytesBefore(),
          report.bytesAfter(), report.bytesFreed(), report.duration().toMillis(), compact ? storageBefore : null,
          storageAfter));
      return ExitCodes.OK;
    }
    Table table = new Table()
        .row("nodes deleted", String.format("%,d", report.nodesDeleted()))
        .row("nodes", String.format("%,d -> %,d", report.nodesBefore(), report.nodesAfter()))
        .row("bytes", String.format("%,d -> %,d (%,d freed)", report.bytesBefore(), report.bytesAfter(),
            report.bytesFreed()))
        .row("time", report.duration().toMillis() + " ms");
    if (storageAfter != null) {
      table.row("on disk", String.format("%,d -> %,d after compaction", storageBefore, storageAfter));
    }
    table.print(out());
    return ExitCodes.OK;
  }
}
