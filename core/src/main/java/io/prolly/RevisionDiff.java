package io.prolly;

import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * What changed between commits, as {@link Repository#diff}, {@link Repository#namespaceChanged} and
 * {@link Repository#history} tell it: the changed keys of every namespace or of one, whether a
 * namespace changed at all, and the commits that changed one key. Only namespaces that differ are
 * read, and inside them only subtrees that differ; the changes are read lazily. The arguments are
 * checked by the repository. Thread-safe.
 */
final class RevisionDiff {

  private final Repository repository;

  RevisionDiff(Repository repository) {
    this.repository = repository;
  }

  /**
   * The changes between two revisions in every namespace, by namespace path then key.
   *
   * @throws RevisionNotFoundException if a revision names no commit
   */
  <V> Stream<KeyChange<V>> between(String from, String to, Codec<V> codec) {
    return ofRegistries(repository.reader(), registryAt(from), registryAt(to), codec);
  }

  /**
   * The changes between two revisions in one namespace (not the namespaces nested in it), in key
   * order.
   *
   * @throws RevisionNotFoundException if a revision names no commit
   */
  <V> Stream<KeyChange<V>> between(String from, String to, Namespace namespace, Codec<V> codec) {
    TreeReader reader = repository.reader();
    Tree before = NamespaceRegistry.namespace(reader, registryAt(from), namespace);
    Tree after = NamespaceRegistry.namespace(reader, registryAt(to), namespace);
    return ofNamespace(reader, namespace, before, after, codec);
  }

  /**
   * Whether a namespace's content differs between two revisions: one comparison of stored roots.
   *
   * @throws RevisionNotFoundException if a revision names no commit
   */
  boolean namespaceChanged(Namespace namespace, String from, String to) {
    TreeReader reader = repository.reader();
    byte @Nullable [] before = reader.get(registryAt(from), namespace.registryKey());
    byte @Nullable [] after = reader.get(registryAt(to), namespace.registryKey());
    return !Arrays.equals(before, after);
  }

  /**
   * The commits of a revision's history whose value of a key differs from their first parent's,
   * newest first, read lazily.
   *
   * @param key the key, encoded
   * @throws RevisionNotFoundException if the revision names no commit
   */
  Stream<CommitInfo> keyHistory(String revision, Namespace namespace, byte[] key) {
    TreeReader reader = repository.reader();
    return repository.log(revision).filter(commit -> {
      byte @Nullable [] value = valueAt(reader, commit.id(), namespace, key);
      byte @Nullable [] before = commit.parents().isEmpty() ? null
          : valueAt(reader, commit.parents().get(0), namespace, key);
      return !Arrays.equals(value, before);
    });
  }

  /** The changes between two namespace registries, by namespace path then key, read lazily. */
  static <V> Stream<KeyChange<V>> ofRegistries(TreeReader reader, Tree before, Tree after, Codec<V> codec) {
    return stream(reader.diff(before, after)).flatMap(changed -> {
      Namespace namespace = Namespace.fromRegistryKey(changed.key());
      return ofNamespace(reader, namespace, NamespaceRegistry.tree(changed.oldValue()),
          NamespaceRegistry.tree(changed.newValue()), codec);
    });
  }

  private static <V> Stream<KeyChange<V>> ofNamespace(TreeReader reader, Namespace namespace, Tree before,
      Tree after, Codec<V> codec) {
    return stream(reader.diff(before, after)).map(change -> new KeyChange<>(namespace.path(),
        StoreKeys.decode(change.key()), TypedValues.decode(codec, change.oldValue()),
        TypedValues.decode(codec, change.newValue())));
  }

  private Tree registryAt(String revision) {
    return repository.registryOf(repository.resolve(revision));
  }

  private byte @Nullable [] valueAt(TreeReader reader, Hash commit, Namespace namespace, byte[] key) {
    return reader.get(NamespaceRegistry.namespace(reader, repository.registryOf(commit), namespace), key);
  }

  private static <T> Stream<T> stream(Iterator<T> iterator) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
  }
}
