package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.RefNames;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Arguments;
import io.prolly.tree.Edits;
import io.prolly.tree.Entry;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link Repository#importSorted}: a namespace built from a sorted stream in one pass, its nodes
 * written in {@link BatchedWrites bounded batches}, then one small transaction that records the
 * tree and moves the branch. Memory stays bounded by a batch and one node per tree level, whatever
 * the number of entries.
 */
final class SortedImport<V> {

  /** Entries between two progress reports. */
  static final int REPORT_EVERY = 65_536;

  private final Repository repository;
  private final String branch;
  private final String ref;
  private final Namespace namespace;
  private final Codec<V> codec;
  private final long batchBytes;

  SortedImport(Repository repository, String branch, Namespace namespace, Codec<V> codec, long batchBytes) {
    this.repository = repository;
    this.branch = branch;
    this.ref = RefNames.branchRef(branch);
    this.namespace = namespace;
    this.codec = codec;
    this.batchBytes = batchBytes;
  }

  CommitResult run(Iterator<? extends Map.Entry<String, ? extends V>> entries, String message) {
    Arguments.notNull(entries, "entries");
    Arguments.notNull(message, "message");
    try (BatchedWrites writes = new BatchedWrites(repository, batchBytes)) {
      Hash start = NamedRefs.headOrFirst(writes, ref, branch,
          "Create it with createBranch(name, fromRevision), then import into it");
      TreeConfig config = NamespaceRegistry.namespace(repository.reader(writes), NamespaceRegistry.ofCommit(writes, start),
          namespace).config();
      Tree tree = repository.writer(writes).build(config, new Encoded(entries));
      writes.commit();
      SortedMap<String, String> metadata = new TreeMap<>();
      return CasRetry.run("import into branch '" + branch + "'", attempt -> {
        try (SweepGuardedWrite tx = repository.beginWrite()) {
          writes.requireEpoch(tx);
          Hash head = tx.ref(ref);
          if (head == null && start != null) {
            throw new RevisionNotFoundException(branch, "branch '" + branch + "' was deleted during the import; no "
                + "ref was changed. Create the branch again and import again");
          }
          Tree headRegistry = NamespaceRegistry.ofCommit(tx, head);
          Edits registryEdits = new Edits();
          NamespaceRegistry.record(registryEdits, namespace, tree);
          Tree registry = repository.writer(tx).apply(headRegistry, registryEdits);
          Commit commit = new Commit(registry.root(), head == null ? List.of() : List.of(head), repository.author(),
              message, Instant.now(), metadata);
          Hash id = repository.writeCommit(tx, commit);
          tx.setRef(ref, head, id);
          tx.commit();
          return new CommitResult(id, head, attempt, null);
        }
      });
    }
  }

  /** The caller's entries as tree entries, checked to come in strictly increasing key order. */
  private final class Encoded implements Iterator<Entry> {
    private final Iterator<? extends Map.Entry<String, ? extends V>> entries;
    private byte @Nullable [] previous;
    private long count;

    Encoded(Iterator<? extends Map.Entry<String, ? extends V>> entries) {
      this.entries = entries;
    }

    @Override
    public boolean hasNext() {
      return entries.hasNext();
    }

    @Override
    public Entry next() {
      if (!entries.hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<String, ? extends V> entry = entries.next();
      if (entry == null) {
        throw new IllegalArgumentException("entry " + count + " of the import is null; no ref was changed");
      }
      byte[] key = StoreKeys.encode(entry.getKey());
      if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
        throw new IllegalArgumentException("the import's keys must come in strictly increasing order (of code points, "
            + "as Store.keys() lists them), but entry " + count + ", '" + entry.getKey() + "', comes after '"
            + StoreKeys.decode(previous) + "'; no ref was changed. Sort the input and drop repeated keys first");
      }
      previous = key;
      byte[] value = TypedValues.encode(codec, entry.getValue());
      if (++count % REPORT_EVERY == 0) {
        repository.progressListener().progress("import", "building", count, -1);
      }
      return new Entry(key, value);
    }
  }
}
