package io.prolly;

import io.prolly.merge.MergeFn;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/** A {@link Store}: one namespace's view of a {@link WorkingCopy}. */
final class StagedStore<V> implements Store<V> {

  private final WorkingCopy<V> copy;
  private final Namespace namespace;

  StagedStore(WorkingCopy<V> copy, Namespace namespace) {
    this.copy = copy;
    this.namespace = namespace;
  }

  @Override
  public @Nullable V get(String key) {
    return copy.decode(bytes(StoreKeys.encode(key)));
  }

  @Override
  public V require(String key) {
    V value = get(key);
    if (value == null) {
      throw missing(key);
    }
    return value;
  }

  @Override
  public V getOrDefault(String key, V defaultValue) {
    V value = get(key);
    return value == null ? defaultValue : value;
  }

  @Override
  public Map<String, V> getMany(Collection<String> keys) {
    if (keys == null) {
      throw new IllegalArgumentException("keys is null");
    }
    TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
    for (String key : keys) {
      sorted.add(StoreKeys.encode(key));
    }
    Map<String, V> found = new LinkedHashMap<>();
    for (byte[] key : sorted) {
      byte @Nullable [] value = bytes(key);
      if (value != null) {
        found.put(StoreKeys.decode(key), copy.codec.decode(value));
      }
    }
    return found;
  }

  @Override
  public boolean contains(String key) {
    return bytes(StoreKeys.encode(key)) != null;
  }

  @Override
  public void set(String key, V value) {
    byte[] encodedKey = StoreKeys.encode(key);
    copy.requireWritable();
    copy.stage(namespace, encodedKey, copy.encode(value));
  }

  @Override
  public boolean remove(String key) {
    byte[] encodedKey = StoreKeys.encode(key);
    copy.requireWritable();
    boolean present = bytes(encodedKey) != null;
    copy.stage(namespace, encodedKey, null);
    return present;
  }

  @Override
  public V removeExisting(String key) {
    byte[] encodedKey = StoreKeys.encode(key);
    copy.requireWritable();
    byte @Nullable [] value = bytes(encodedKey);
    if (value == null) {
      throw missing(key);
    }
    copy.stage(namespace, encodedKey, null);
    return copy.codec.decode(value);
  }

  @Override
  public Stream<String> keys() {
    return entryStream(KeyRange.all()).map(entry -> StoreKeys.decode(entry.key()));
  }

  @Override
  public Stream<String> descendantKeys() {
    Stream<String> own = keys();
    Stream<String> nested = descendants().stream().flatMap(descendant ->
        new StagedStore<>(copy, descendant).keys().map(key -> namespace.relativize(descendant) + "/" + key));
    return Stream.concat(own, nested);
  }

  @Override
  public List<String> namespaces() {
    TreeSet<String> names = new TreeSet<>();
    for (Namespace descendant : descendants()) {
      String relative = namespace.relativize(descendant);
      int slash = relative.indexOf('/');
      names.add(slash < 0 ? relative : relative.substring(0, slash));
    }
    return List.copyOf(names);
  }

  @Override
  public Stream<Map.Entry<String, V>> entries() {
    return typed(entryStream(KeyRange.all()));
  }

  @Override
  public Stream<Map.Entry<String, V>> range(@Nullable String from, @Nullable String to) {
    KeyRange range = new KeyRange(from == null ? null : StoreKeys.encode(from), to == null ? null : StoreKeys.encode(to));
    return typed(entryStream(range));
  }

  @Override
  public Stream<Map.Entry<String, V>> prefix(String prefix) {
    return typed(entryStream(KeyRange.prefix(StoreKeys.encode(prefix))));
  }

  @Override
  public long size() {
    TreeReader reader = copy.repository.reader();
    Tree tree = copy.baseTree(namespace);
    long size = reader.count(tree);
    for (Map.Entry<byte[], byte @Nullable []> write : copy.staged(namespace).entrySet()) {
      boolean committed = reader.contains(tree, write.getKey());
      boolean staged = write.getValue() != null;
      size += committed == staged ? 0 : staged ? 1 : -1;
    }
    return size;
  }

  @Override
  public Store<V> namespace(String name) {
    return new StagedStore<>(copy, namespace.resolve(name));
  }

  @Override
  public String namespacePath() {
    return namespace.path();
  }

  @Override
  public String branch() {
    return copy.branch;
  }

  @Override
  public CommitResult commit(String message) {
    return copy.commit(message, Map.of());
  }

  @Override
  public CommitResult commit(String message, Map<String, String> metadata) {
    return copy.commit(message, metadata);
  }

  @Override
  public void reset() {
    copy.reset();
  }

  @Override
  public void refresh() {
    copy.refresh();
  }

  @Override
  public boolean hasChanges() {
    return copy.hasChanges();
  }

  @Override
  public @Nullable Hash currentCommit() {
    return copy.currentCommit();
  }

  @Override
  public @Nullable Hash baseCommit() {
    return copy.base();
  }

  @Override
  public @Nullable MergeResult lastMergeResult() {
    return copy.lastMerge();
  }

  @Override
  public void setMergeFn(String key, MergeFn<V> mergeFn) {
    copy.setMergeFn(namespace, key, mergeFn);
  }

  @Override
  public void setDefaultMerge(MergeFn<V> mergeFn) {
    copy.setDefaultMerge(namespace, mergeFn);
  }

  @Override
  public void setAuthor(String author) {
    copy.setAuthor(author);
  }

  @Override
  public Store<V> createBranch(String name) {
    Hash base = copy.base();
    if (base == null) {
      throw new IllegalStateException("branch '" + copy.branch + "' has no commit yet to branch from; commit first");
    }
    copy.repository.createBranch(name, base.toHex());
    return within(copy.repository.store(name, copy.codec));
  }

  @Override
  public Store<V> checkout(String revision) {
    return within(copy.repository.snapshot(revision, copy.codec));
  }

  @Override
  public boolean isReadOnly() {
    return copy.isReadOnly();
  }

  @Override
  public String toString() {
    return (copy.isReadOnly() ? "snapshot of " : "store on branch ") + "'" + copy.branch + "', " + namespace;
  }

  /** This view's namespace in another store. */
  private Store<V> within(Store<V> root) {
    return namespace.isRoot() ? root : root.namespace(namespace.path());
  }

  private byte @Nullable [] bytes(byte[] key) {
    NavigableMap<byte[], byte @Nullable []> staged = copy.staged(namespace);
    if (staged.containsKey(key)) {
      return staged.get(key);
    }
    return copy.repository.reader().get(copy.baseTree(namespace), key);
  }

  private Stream<Entry> entryStream(KeyRange range) {
    Iterator<Entry> committed = copy.repository.reader().iterator(copy.baseTree(namespace), range);
    NavigableMap<byte[], byte @Nullable []> staged = copy.staged(namespace);
    NavigableMap<byte[], byte @Nullable []> stagedInRange = range.from() == null
        ? (range.to() == null ? staged : staged.headMap(range.to(), false))
        : (range.to() == null ? staged.tailMap(range.from(), true) : staged.subMap(range.from(), true, range.to(), false));
    Iterator<Entry> merged = new Overlay(committed, new java.util.TreeMap<>(stagedInRange));
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged,
        Spliterator.ORDERED | Spliterator.SORTED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
  }

  private Stream<Map.Entry<String, V>> typed(Stream<Entry> entries) {
    return entries.map(entry -> new AbstractMap.SimpleImmutableEntry<>(
        StoreKeys.decode(entry.key()), copy.codec.decode(entry.value())));
  }

  private List<Namespace> descendants() {
    TreeSet<String> paths = new TreeSet<>();
    for (Namespace registered : NamespaceRegistry.below(copy.repository.reader(), copy.baseRegistry(), namespace)) {
      paths.add(registered.path());
    }
    for (Namespace stagedNamespace : copy.stagedNamespaces()) {
      if (namespace.isAncestorOf(stagedNamespace)) {
        paths.add(stagedNamespace.path());
      }
    }
    return paths.stream().map(Namespace::new).toList();
  }

  private NoSuchElementException missing(String key) {
    return new NoSuchElementException("key '" + key + "' is absent from " + namespace + " of "
        + (copy.isReadOnly() ? "revision '" : "branch '") + copy.branch + "'; use get(key) to get null instead");
  }
}
