package io.prolly;

import io.prolly.spi.support.Arguments;
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

/**
 * What every store view of a {@link WorkingCopy} shares: the reads of one namespace, staged values
 * first and the base commit's otherwise. {@link SnapshotView} adds nothing but its commit;
 * {@link BranchView} adds writes.
 */
abstract class WorkingCopyView<V> implements ReadableStore<V> {

  final WorkingCopy<V> copy;
  final Namespace namespace;

  WorkingCopyView(WorkingCopy<V> copy, Namespace namespace) {
    this.copy = copy;
    this.namespace = namespace;
  }

  /** Called before every read; a live store moves to the branch's latest commit here. */
  void beforeRead() {}

  /** Names what this view reads, for messages: such as {@code branch 'main'}. */
  abstract String source();

  @Override
  public @Nullable V get(String key) {
    beforeRead();
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
    Arguments.notNull(defaultValue, "defaultValue");
    V value = get(key);
    return value == null ? defaultValue : value;
  }

  @Override
  public Map<String, V> getMany(Collection<String> keys) {
    Arguments.notNull(keys, "keys");
    beforeRead();
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
    beforeRead();
    return bytes(StoreKeys.encode(key)) != null;
  }

  @Override
  public Stream<String> keys() {
    beforeRead();
    return keysOf(namespace);
  }

  @Override
  public Stream<String> descendantKeys() {
    beforeRead();
    Stream<String> own = keys();
    Stream<String> nested = descendants().stream().flatMap(descendant ->
        keysOf(descendant).map(key -> namespace.relativize(descendant) + "/" + key));
    return Stream.concat(own, nested);
  }

  @Override
  public List<String> namespaces() {
    beforeRead();
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
    beforeRead();
    return typed(entryStream(KeyRange.all()));
  }

  @Override
  public Stream<Map.Entry<String, V>> range(@Nullable String from, @Nullable String to) {
    beforeRead();
    KeyRange range = new KeyRange(from == null ? null : StoreKeys.encode(from), to == null ? null : StoreKeys.encode(to));
    return typed(entryStream(range));
  }

  @Override
  public Stream<Map.Entry<String, V>> prefix(String prefix) {
    Arguments.notNull(prefix, "prefix");
    beforeRead();
    return typed(entryStream(KeyRange.prefix(StoreKeys.encode(prefix))));
  }

  @Override
  public long size() {
    beforeRead();
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
  public String namespacePath() {
    return namespace.path();
  }

  @Override
  public String toString() {
    String kind = this instanceof Snapshot ? "snapshot of " : this instanceof Store ? "store on " : "";
    return kind + source() + ", " + namespace;
  }

  /** What this view reads for a key: the staged value, else the committed one; null if absent. */
  final byte @Nullable [] bytes(byte[] key) {
    NavigableMap<byte[], byte @Nullable []> staged = copy.staged(namespace);
    if (staged.containsKey(key)) {
      return staged.get(key);
    }
    return copy.repository.reader().get(copy.baseTree(namespace), key);
  }

  private Stream<String> keysOf(Namespace of) {
    return entryStream(of, KeyRange.all()).map(entry -> StoreKeys.decode(entry.key()));
  }

  private Stream<Entry> entryStream(KeyRange range) {
    return entryStream(namespace, range);
  }

  private Stream<Entry> entryStream(Namespace of, KeyRange range) {
    Iterator<Entry> committed = copy.repository.reader().iterator(copy.baseTree(of), range);
    NavigableMap<byte[], byte @Nullable []> staged = copy.staged(of);
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

  final NoSuchElementException missing(String key) {
    return new NoSuchElementException("key '" + key + "' is absent from " + namespace + " of " + source()
        + "; use get(key) to get null instead");
  }
}
