package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.RefName;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a partial clone keeps its {@link PartialState}: in refs under {@value #PREFIX}, so every
 * backend stores it through the SPI, atomically with the clone or fetch that changes it, as git
 * keeps {@code .git/shallow}. {@code partial/shallow/<hex id>} names each commit at the shallow
 * boundary (value: the commit id); {@code partial/namespace/<path>} names each namespace a clone
 * of selected namespaces holds (value: the SHA-256 of the path, a marker, not a node). These refs
 * are internal: never listed with the branches, marked, verified as history, nor cloned; a
 * {@link Transfer#copyInto copy} takes them along.
 */
final class PartialRefs {

  static final String PREFIX = "partial/";
  static final String SHALLOW = PREFIX + "shallow/";
  static final String NAMESPACE = PREFIX + "namespace/";
  /** The longest namespace path a clone may select: its ref must fit the SPI's name limit. */
  static final int MAX_NAMESPACE_BYTES = RefName.MAX_BYTES - NAMESPACE.length();

  private PartialRefs() {}

  /** The state the refs of a transaction record. */
  static PartialState read(ReadTransaction tx) {
    SortedMap<String, Hash> refs = tx.refs(PREFIX);
    if (refs.isEmpty()) {
      return PartialState.COMPLETE;
    }
    TreeSet<Hash> shallow = new TreeSet<>();
    List<String> namespaces = new ArrayList<>();
    refs.forEach((name, value) -> {
      if (name.startsWith(SHALLOW)) {
        shallow.add(value);
      } else if (name.startsWith(NAMESPACE)) {
        namespaces.add(name.substring(NAMESPACE.length()));
      }
    });
    return new PartialState(shallow, namespaces);
  }

  /** The refs that record a state. */
  static SortedMap<String, Hash> refs(PartialState state) {
    SortedMap<String, Hash> refs = new TreeMap<>();
    state.shallowCommits().forEach(id -> refs.put(SHALLOW + id.toHex(), id));
    state.namespaces().forEach(path -> refs.put(NAMESPACE + path, Hash.of(path.getBytes(StandardCharsets.UTF_8))));
    return refs;
  }

  /** Moves the refs of {@code tx} from what they hold to the refs of {@code state}; commits nothing. */
  static void write(WriteTransaction tx, PartialState state) {
    SortedMap<String, Hash> before = tx.refs(PREFIX);
    SortedMap<String, Hash> after = refs(state);
    before.forEach((name, value) -> {
      if (!after.containsKey(name)) {
        tx.setRef(name, value, null);
      }
    });
    after.forEach((name, value) -> {
      Hash old = before.get(name);
      if (!value.equals(old)) {
        tx.setRef(name, old, value);
      }
    });
  }

  /**
   * The commits among {@code commits} with a parent that {@code tx} lacks: the shallow boundary of
   * what a transfer leaves there.
   */
  static TreeSet<Hash> boundary(ReadTransaction tx, Iterable<Hash> commits) {
    TreeSet<Hash> boundary = new TreeSet<>();
    for (Hash id : commits) {
      for (Hash parent : commit(tx, id).parents()) {
        if (!tx.contains(parent)) {
          boundary.add(id);
        }
      }
    }
    return boundary;
  }

  /** The parents of the boundary commits that are not here: the commits a shallow clone lacks on purpose. */
  static Map<Hash, Hash> absentParents(ReadTransaction tx, PartialState state) {
    Map<Hash, Hash> absent = new java.util.HashMap<>();
    for (Hash id : state.shallowCommits()) {
      if (!tx.contains(id)) {
        continue; // a boundary whose commit a reset and a collection removed: nothing behind it is read
      }
      for (Hash parent : commit(tx, id).parents()) {
        if (!tx.contains(parent)) {
          absent.put(parent, id);
        }
      }
    }
    return absent;
  }

  /** The parent ids of absent parents, as a set, for walks that stop there. */
  static Set<Hash> absentParentIds(ReadTransaction tx) {
    PartialState state = read(tx);
    return state.isShallow() ? new HashSet<>(absentParents(tx, state).keySet()) : Set.of();
  }

  /** Checks a namespace a clone selects. */
  static String checkNamespace(String path) {
    if (path == null) {
      throw new IllegalArgumentException("a selected namespace is null; give paths such as \"eu\" or \"eu/fr\"");
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the root namespace \"\" cannot be selected alone: it is the whole "
          + "repository; clone without selecting namespaces to get everything");
    }
    Namespace.ROOT.resolve(path);
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_NAMESPACE_BYTES) {
      throw new IllegalArgumentException("namespace '" + path + "' is over the " + MAX_NAMESPACE_BYTES
          + " UTF-8 bytes a partial clone can select");
    }
    return path;
  }

  /** Reads a commit that must be here. */
  static Commit commit(ReadTransaction tx, Hash id) {
    byte[] node = tx.get(id);
    if (node == null) {
      throw new CorruptNodeException(id, "commit " + id.toShortHex() + " is missing although a transfer or the "
          + "shallow boundary refers to it; verify the repository");
    }
    return Commit.decode(id, node);
  }
}
