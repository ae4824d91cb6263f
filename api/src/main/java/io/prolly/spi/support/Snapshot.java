package io.prolly.spi.support;

import io.prolly.spi.Hash;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A backend's committed state, frozen at one moment: what a transaction reads.
 *
 * <p>Arguments reaching a snapshot have already been checked by {@link AbstractNodeStore}: ids
 * are non-null, ref names are valid. A snapshot is used by one thread at a time. A backend that
 * keeps its refs in a sorted map in memory extends {@link RefMapSnapshot}.
 */
public interface Snapshot extends AutoCloseable {

  /**
   * Reads a node.
   *
   * @param id the node's id
   * @return the stored bytes, or null if absent
   */
  byte @Nullable [] get(Hash id);

  /**
   * Tells whether a node exists.
   *
   * @param id the node's id
   * @return true if present
   */
  boolean contains(Hash id);

  /**
   * Reads a ref.
   *
   * @param name a valid ref name
   * @return its value, or null if absent
   */
  @Nullable Hash ref(String name);

  /**
   * Lists the refs whose names start with a prefix.
   *
   * @param prefix the prefix, possibly empty
   * @return the refs, sorted by {@link String#compareTo}; the caller may not modify the map
   */
  SortedMap<String, Hash> refs(String prefix);

  /**
   * Calls an action for every node id.
   *
   * @param action the action
   */
  void forEachNode(Consumer<Hash> action);

  /** Releases the snapshot; called exactly once. */
  @Override
  void close();
}
