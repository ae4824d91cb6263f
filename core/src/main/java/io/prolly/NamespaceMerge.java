package io.prolly;

import io.prolly.error.MergeConflictException;
import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergePreview;
import io.prolly.merge.Resolution;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeMergeResult;
import io.prolly.tree.TreeWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A three-way merge of two namespace registries, as merges, reverts and cherry-picks make it: the
 * registries are merged three-way, and a namespace both sides changed is a registry conflict,
 * settled by merging that namespace's trees three-way with the caller's resolver, so only
 * namespaces both sides touched are looked into. Collects the keys the resolver settled, those it
 * left unresolved (with their three values) and what a failing resolver threw. One use only; not
 * thread-safe.
 */
final class NamespaceMerge {

  private final ConflictResolver resolver;
  private final List<String> resolved = new ArrayList<>();
  private final List<String> unresolved = new ArrayList<>();
  private final List<MergePreview.KeyConflict> conflicts = new ArrayList<>();
  private final Map<String, Throwable> errors = new LinkedHashMap<>();

  NamespaceMerge(ConflictResolver resolver) {
    this.resolver = resolver;
  }

  /** Merges the registries; a key left unresolved keeps our value in the result. */
  TreeMergeResult merge(TreeWriter writer, Tree base, Tree ours, Tree theirs) {
    return writer.merge(base, ours, theirs, new ConflictResolver() {
      @Override
      public Resolution resolve(Conflict conflict) {
        return mergeNamespace(writer, conflict);
      }

      @Override
      public boolean resolvesIdenticalChanges() {
        return resolver.resolvesIdenticalChanges();
      }
    });
  }

  /** The keys the resolver settled, qualified by namespace path, in order. */
  List<String> resolvedKeys() {
    return List.copyOf(resolved);
  }

  /** The keys left unresolved, with their base, our and their values, in order. */
  List<MergePreview.KeyConflict> conflicts() {
    return List.copyOf(conflicts);
  }

  /** What failing resolvers threw, by qualified key. */
  Map<String, Throwable> errors() {
    return Map.copyOf(errors);
  }

  /**
   * Fails if a key stayed unresolved.
   *
   * @param what what was being merged, for the message
   * @throws MergeConflictException naming the unresolved keys
   */
  void requireNoConflict(String what) {
    if (!unresolved.isEmpty()) {
      throw new MergeConflictException(what, unresolved, errors);
    }
  }

  /** Merges the trees of one namespace's base, ours and theirs, each recorded in a registry conflict. */
  static TreeMergeResult mergedTree(TreeWriter writer, Conflict namespaceConflict, ConflictResolver keys) {
    return writer.merge(NamespaceRegistry.tree(namespaceConflict.base()),
        NamespaceRegistry.tree(namespaceConflict.ours()), NamespaceRegistry.tree(namespaceConflict.theirs()), keys);
  }

  /** A namespace's merged tree as the registry records it: an empty namespace leaves the registry. */
  static Resolution stored(Tree tree) {
    return Resolution.valueOrRemove(tree.isEmpty() ? null : tree.toBytes());
  }

  private Resolution mergeNamespace(TreeWriter writer, Conflict conflict) {
    Namespace namespace = Namespace.fromRegistryKey(conflict.key());
    ConflictResolver keys = new ConflictResolver() {
      @Override
      public Resolution resolve(Conflict keyConflict) {
        return resolveKey(namespace, keyConflict);
      }

      @Override
      public boolean resolvesIdenticalChanges() {
        return resolver.resolvesIdenticalChanges();
      }
    };
    TreeMergeResult merged = mergedTree(writer, conflict, keys);
    for (Conflict left : merged.conflicts()) {
      String key = StoreKeys.decode(left.key());
      unresolved.add(namespace.qualify(key));
      conflicts.add(new MergePreview.KeyConflict(namespace.path(), key, left));
    }
    return stored(merged.tree());
  }

  private Resolution resolveKey(Namespace namespace, Conflict conflict) {
    String qualified = namespace.qualify(StoreKeys.decode(conflict.key()));
    try {
      Resolution resolution = resolver.resolve(conflict);
      if (resolution != null && resolution.isResolved()) {
        resolved.add(qualified);
        return resolution;
      }
      return Resolution.unresolved();
    } catch (RuntimeException failure) {
      errors.put(qualified, failure);
      return Resolution.unresolved();
    }
  }
}
