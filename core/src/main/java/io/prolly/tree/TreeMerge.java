package io.prolly.tree;

import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.Resolution;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Three-way merge on top of {@link TreeDiff}: their changes since the base are replayed onto our
 * tree, key by key, except where we changed the same key to something else, which is a conflict
 * for the resolver. The cost follows the sizes of the two diffs, not of the trees.
 *
 * <p>Values are compared and replayed in their stored form, so large values that both sides
 * agree on, or that only they changed, are never read; only the values of a conflict are, to show
 * them to the resolver.
 *
 * <p>Not thread-safe.
 */
final class TreeMerge {

  private final NodeLoader loader;
  private final ValueReader reader;
  private final ValueWriter writer;

  /**
   * Creates a merge.
   *
   * @param writer stores values in the form of our tree's config
   */
  TreeMerge(NodeLoader loader, ValueWriter writer) {
    this.loader = loader;
    this.reader = new ValueReader(loader);
    this.writer = writer;
  }

  /**
   * Computes the edits, as key to stored value or to null for a delete, that turn our tree into
   * the merge, adding each conflict the resolver leaves unresolved to {@code unresolved} (our
   * value stays for it).
   */
  NavigableMap<byte[], byte @Nullable []> editsForOurs(Tree base, Tree ours, Tree theirs, ConflictResolver resolver,
      List<Conflict> unresolved) {
    Iterator<StoredChange> ourChanges = new TreeDiff(loader, base.root(), ours.root(), KeyRange.all());
    Iterator<StoredChange> theirChanges = new TreeDiff(loader, base.root(), theirs.root(), KeyRange.all());
    NavigableMap<byte[], byte @Nullable []> edits = new TreeMap<>(Arrays::compareUnsigned);
    StoredChange our = next(ourChanges);
    while (theirChanges.hasNext()) {
      StoredChange their = theirChanges.next();
      byte[] key = their.key();
      byte[] theirValue = their.newValue() == null ? null : writer.conform(key, their.newValue(), reader);
      while (our != null && Arrays.compareUnsigned(our.key(), key) < 0) {
        our = next(ourChanges); // only we changed this key: our tree has it already
      }
      if (our == null || !Arrays.equals(our.key(), key)) {
        edits.put(key, theirValue);
      } else if (!Arrays.equals(our.newValue(), theirValue) || resolver.resolvesIdenticalChanges()) {
        Conflict conflict = new Conflict(key, reader.bytesOrNull(key, their.oldValue()),
            reader.bytesOrNull(key, our.newValue()), reader.bytesOrNull(key, theirValue));
        Resolution resolution = resolver.resolve(conflict);
        Require.state(resolution != null, "conflict resolver returned null for %s", conflict);
        byte[] resolved = resolution.resolvedValue() == null ? null : writer.store(resolution.resolvedValue());
        if (!resolution.isResolved()) {
          unresolved.add(conflict);
        } else if (!Arrays.equals(resolved, our.newValue())) {
          edits.put(key, resolved);
        }
      }
    }
    return edits;
  }

  private static @Nullable StoredChange next(Iterator<StoredChange> changes) {
    return changes.hasNext() ? changes.next() : null;
  }
}
