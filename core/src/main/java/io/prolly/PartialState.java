package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.support.Arguments;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a partial clone holds, from {@link Repository#partialState()}: the shallow boundary of a
 * clone or fetch by depth, and the namespaces of a clone of selected namespaces. A complete
 * repository has neither. The state is kept in the store itself, so it survives a reopen and
 * travels with {@link Transfer#copyInto}.
 *
 * <p>A namespace is present if its path is one of {@link #namespaces} or nested below one; the
 * root namespace (keys stored at the top) is present only in a clone of every namespace.
 *
 * @param shallowCommits the commits at the shallow boundary: present, with their parents absent;
 *     empty if the whole history is here
 * @param namespaces the namespace paths the clone holds, sorted; empty if it holds every namespace
 */
public record PartialState(SortedSet<Hash> shallowCommits, List<String> namespaces) {

  /** The state of a complete repository. */
  public static final PartialState COMPLETE = new PartialState(new TreeSet<>(), List.of());

  /**
   * Copies the fields.
   *
   * @throws IllegalArgumentException if a field, a commit or a namespace path is null
   */
  public PartialState {
    Arguments.notNull(shallowCommits, "shallowCommits").forEach(id -> Arguments.notNull(id, "a shallow commit"));
    shallowCommits = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(shallowCommits));
    Arguments.notNull(namespaces, "namespaces").forEach(path -> Arguments.notNull(path, "a namespace path"));
    namespaces = List.copyOf(new TreeSet<>(namespaces));
  }

  /**
   * Tells whether anything is missing by choice.
   *
   * @return true for a shallow clone or a clone of selected namespaces
   */
  public boolean isPartial() {
    return isShallow() || !namespaces.isEmpty();
  }

  /**
   * Tells whether history was cut at a depth.
   *
   * @return true if some commits' parents were not fetched
   */
  public boolean isShallow() {
    return !shallowCommits.isEmpty();
  }

  /**
   * Tells whether a commit is at the shallow boundary: present, its parents not fetched.
   *
   * @param commit a commit id
   * @return true if the history behind it is missing
   * @throws IllegalArgumentException if {@code commit} is null
   */
  public boolean isShallowAt(Hash commit) {
    return shallowCommits.contains(Arguments.notNull(commit, "commit"));
  }

  /**
   * Tells whether a namespace's data is here.
   *
   * @param namespace a namespace path, {@code ""} for the root namespace
   * @return true unless a clone of selected namespaces left it out
   * @throws IllegalArgumentException if {@code namespace} is null
   */
  public boolean hasNamespace(String namespace) {
    Arguments.notNull(namespace, "namespace");
    if (namespaces.isEmpty()) {
      return true;
    }
    for (String selected : namespaces) {
      if (namespace.equals(selected) || namespace.startsWith(selected + "/")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    if (!isPartial()) {
      return "complete";
    }
    StringBuilder text = new StringBuilder("partial:");
    if (isShallow()) {
      text.append(" shallow at ").append(shallowCommits.size()).append(shallowCommits.size() == 1 ? " commit" : " commits");
    }
    if (!namespaces.isEmpty()) {
      text.append(isShallow() ? ";" : "").append(" namespaces ").append(namespaces);
    }
    return text.toString();
  }
}
