package io.prolly.tree;

import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.Resolution;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Three-way merge on top of {@link TreeDiff}: their changes since the base are replayed onto our
 * tree, in one batch, except where we changed the same key to something else, which is a conflict
 * for the resolver. Our diff is walked in step with theirs and only near their changes: it skips
 * the subtrees between them unread, so the cost follows the number of their changes and of the
 * nodes both sides changed, not the sizes of the trees nor the number of our own changes.
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
  SortedEdits editsForOurs(Tree base, Tree ours, Tree theirs, ConflictResolver resolver,
      List<Conflict> unresolved) {
    TreeDiff ourChanges = new TreeDiff(loader, base.root(), ours.root(), KeyRange.all());
    Iterator<StoredChange> theirChanges = new TreeDiff(loader, base.root(), theirs.root(), KeyRange.all());
    SortedEdits edits = new SortedEdits();
    while (theirChanges.hasNext()) {
      StoredChange their = theirChanges.next();
      byte[] key = their.key();
      byte[] theirValue = their.newValue() == null ? null : writer.conform(key, their.newValue(), reader);
      // Only we changed the keys before this one, and our tree has those already: our diff is
      // needed only where theirs has changes, and skips the rest of our changes unread.
      ourChanges.skipTo(key);
      StoredChange our = ourChanges.peek();
      if (our == null || !Arrays.equals(our.key(), key)) {
        edits.add(key, theirValue);
      } else if (!Arrays.equals(our.newValue(), theirValue) || resolver.resolvesIdenticalChanges()) {
        Conflict conflict = new Conflict(key, reader.bytesOrNull(key, their.oldValue()),
            reader.bytesOrNull(key, our.newValue()), reader.bytesOrNull(key, theirValue));
        Resolution resolution = resolver.resolve(conflict);
        Require.state(resolution != null, "conflict resolver returned null for %s", conflict);
        byte[] resolved = resolution.resolvedValue() == null ? null : writer.store(resolution.resolvedValue());
        if (!resolution.isResolved()) {
          unresolved.add(conflict);
        } else if (!Arrays.equals(resolved, our.newValue())) {
          edits.add(key, resolved);
        }
      }
    }
    return edits;
  }
}
