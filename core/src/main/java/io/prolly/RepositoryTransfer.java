package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.commit.RevisionResolver;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.merge.ConflictResolver;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.RepositoryMetrics.TransferKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The {@link Transfer} of one repository: sync with other repositories and bundle files. */
final class RepositoryTransfer implements Transfer {

  private final Repository repository;

  RepositoryTransfer(Repository repository) {
    this.repository = repository;
  }

  @Override
  public SyncReport cloneInto(Repository target) {
    return reported(TransferKind.CLONE, "", () -> repository.partialState().isPartial()
        ? PartialTransfer.cloneInto(repository, target, CloneOptions.FULL)
        : RepositorySync.cloneInto(repository, target));
  }

  @Override
  public SyncReport cloneInto(Repository target, CloneOptions options) {
    return reported(TransferKind.CLONE, "", () -> PartialTransfer.cloneInto(repository, target, options));
  }

  @Override
  public SyncReport fetch(Repository source, String branch, int depth) {
    return reported(TransferKind.PULL, branch, () -> PartialTransfer.fetch(source, repository, branch, depth));
  }

  @Override
  public SyncReport copyInto(Repository target) {
    return copyInto(target, GarbageCollector.BATCH);
  }

  @Override
  public SyncReport push(Repository remote, String branch) {
    return push(remote, branch, false);
  }

  @Override
  public SyncReport push(Repository remote, String branch, boolean force) {
    return reported(TransferKind.PUSH, branch, () -> RepositorySync.push(repository, remote, branch, force));
  }

  @Override
  public SyncReport pull(Repository remote, String branch) {
    return pull(remote, branch, ConflictResolver.fail());
  }

  @Override
  public SyncReport pull(Repository remote, String branch, ConflictResolver resolver) {
    return reported(TransferKind.PULL, branch, () -> RepositorySync.pull(repository, remote, branch, resolver));
  }

  @Override
  public SyncReport cloneFrom(Remote remote) {
    return reported(TransferKind.CLONE, "", () -> RemoteSync.cloneFrom(repository, remote, CloneOptions.FULL));
  }

  @Override
  public SyncReport cloneFrom(Remote remote, CloneOptions options) {
    return reported(TransferKind.CLONE, "", () -> RemoteSync.cloneFrom(repository, remote, options));
  }

  @Override
  public SyncReport fetch(Remote remote, String branch, int depth) {
    return reported(TransferKind.PULL, branch, () -> RemoteSync.fetch(repository, remote, branch, depth));
  }

  @Override
  public SyncReport fetch(Remote remote, String branch) {
    return reported(TransferKind.PULL, branch, () -> RemoteSync.fetch(repository, remote, branch));
  }

  @Override
  public SyncReport pull(Remote remote, String branch) {
    return pull(remote, branch, ConflictResolver.fail());
  }

  @Override
  public SyncReport pull(Remote remote, String branch, ConflictResolver resolver) {
    return reported(TransferKind.PULL, branch, () -> RemoteSync.pull(repository, remote, branch, resolver));
  }

  @Override
  public SyncReport push(Remote remote, String branch) {
    return push(remote, branch, false);
  }

  @Override
  public SyncReport push(Remote remote, String branch, boolean force) {
    return reported(TransferKind.PUSH, branch, () -> RemoteSync.push(repository, remote, branch, force));
  }

  @Override
  public BundleReport exportBundle(OutputStream out) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      SortedMap<String, Hash> refs = new TreeMap<>(tx.refs(RefNames.BRANCHES));
      refs.putAll(tx.refs(RefNames.TAGS));
      return writeBundle(tx, out, refs, List.of());
    }
  }

  @Override
  public BundleReport exportBundle(OutputStream out, Collection<String> refs, Collection<String> exclude) {
    if (refs == null || exclude == null) {
      throw new IllegalArgumentException("refs and exclude must be non-null; pass an empty list to exclude nothing");
    }
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      SortedMap<String, Hash> named = new TreeMap<>();
      for (String ref : refs) {
        if (ref == null) {
          throw new IllegalArgumentException("a ref name is null; name refs like heads/main or tags/v1.0");
        }
        Hash target = tx.ref(BundleFormat.checkRef(ref));
        if (target == null) {
          throw new RevisionNotFoundException(ref, "there is no ref '" + ref + "'; the branches are "
              + repository.branches().keySet() + " and the tags " + repository.tags().keySet());
        }
        named.put(ref, target);
      }
      RevisionResolver resolver = new RevisionResolver(tx);
      List<Hash> excluded = exclude.stream().map(resolver::resolve).toList();
      return writeBundle(tx, out, named, excluded);
    }
  }

  @Override
  public BundleReport importBundle(InputStream in) {
    return importBundle(in, RefUpdateMode.FAST_FORWARD);
  }

  @Override
  public BundleReport importBundle(InputStream in, RefUpdateMode mode) {
    if (in == null || mode == null) {
      throw new IllegalArgumentException("input stream and mode must be non-null; use RefUpdateMode.FAST_FORWARD "
          + "unless refs should be overwritten");
    }
    return reported(TransferKind.BUNDLE_IMPORT, () -> new BundleImport(repository, mode).run(in));
  }

  SyncReport copyInto(Repository target, int batchSize) {
    return reported(TransferKind.COPY, "", () -> RepositorySync.copyInto(repository, target, batchSize));
  }

  /** Runs a transfer inside a flight-recorder event begun before it, then reports it. */
  private SyncReport reported(TransferKind kind, String branch, Supplier<SyncReport> transfer) {
    TransferEvent event = started();
    SyncReport report = transfer.get();
    report(event, kind, branch, report.nodesTransferred(), report.bytesTransferred(), report.duration());
    return report;
  }

  /** Runs a bundle transfer inside a flight-recorder event begun before it, then reports it. */
  private BundleReport reported(TransferKind kind, Supplier<BundleReport> transfer) {
    TransferEvent event = started();
    BundleReport report = transfer.get();
    report(event, kind, "", report.nodes(), report.nodeBytes(), report.duration());
    return report;
  }

  private static TransferEvent started() {
    TransferEvent event = new TransferEvent();
    event.begin();
    return event;
  }

  /** Tells the metrics and the flight recorder of a completed transfer. */
  private void report(TransferEvent event, TransferKind kind, String branch, long nodes, long bytes,
      Duration duration) {
    repository.metrics().transferred(kind, nodes, bytes, duration.toNanos());
    if (event.shouldCommit()) {
      event.kind = kind.name().toLowerCase(Locale.ROOT);
      event.branch = branch;
      event.nodes = nodes;
      event.bytes = bytes;
      event.commit();
    }
  }



  private BundleReport writeBundle(ReadTransaction tx, OutputStream out, SortedMap<String, Hash> refs,
      List<Hash> exclude) {
    if (out == null) {
      throw new IllegalArgumentException("output stream is null");
    }
    return reported(TransferKind.BUNDLE_EXPORT, () -> new BundleWriter(tx).write(out, refs, exclude));
  }
}
