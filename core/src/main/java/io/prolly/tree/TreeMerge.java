package io.prolly.tree;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Three-way merge on top of {@link TreeDiff}: their changes since the base are replayed onto our
 * tree, key by key, except where we changed the same key to something else, which is a conflict
 * for the resolver. The cost follows the sizes of the two diffs, not of the trees.
 *
 * <p>Not thread-safe.
 */
final class TreeMerge {

  private final NodeLoader loader;

  TreeMerge(NodeLoader loader) {
    this.loader = loader;
  }

  /**
   * Computes the edits that turn our tree into the merge, adding each conflict the resolver leaves
   * unresolved to {@code unresolved} (our value stays for it).
   */
  Edits editsForOurs(Tree base, Tree ours, Tree theirs, ConflictResolver resolver, List<Conflict> unresolved) {
    Iterator<Change> ourChanges = new TreeDiff(loader, base.root(), ours.root());
    Iterator<Change> theirChanges = new TreeDiff(loader, base.root(), theirs.root());
    Edits edits = new Edits();
    Change our = next(ourChanges);
    while (theirChanges.hasNext()) {
      Change their = theirChanges.next();
      while (our != null && Arrays.compareUnsigned(our.key(), their.key()) < 0) {
        our = next(ourChanges); // only we changed this key: our tree has it already
      }
      if (our == null || !Arrays.equals(our.key(), their.key())) {
        record(edits, their.key(), their.newValue());
      } else if (!Arrays.equals(our.newValue(), their.newValue()) || resolver.resolvesIdenticalChanges()) {
        Conflict conflict = new Conflict(their.key(), their.oldValue(), our.newValue(), their.newValue());
        Resolution resolution = resolver.resolve(conflict);
        Require.state(resolution != null, "conflict resolver returned null for %s", conflict);
        if (!resolution.isResolved()) {
          unresolved.add(conflict);
        } else if (!Arrays.equals(resolution.resolvedValue(), our.newValue())) {
          record(edits, their.key(), resolution.resolvedValue());
        }
      }
    }
    return edits;
  }

  private static void record(Edits edits, byte[] key, byte @Nullable [] value) {
    if (value == null) {
      edits.delete(key);
    } else {
      edits.put(key, value);
    }
  }

  private static @Nullable Change next(Iterator<Change> changes) {
    return changes.hasNext() ? changes.next() : null;
  }
}
