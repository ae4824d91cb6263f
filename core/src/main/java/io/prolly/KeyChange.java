package io.prolly;

import io.prolly.spi.support.Arguments;
import org.jspecify.annotations.Nullable;

/**
 * One key that differs between two revisions, as {@link Repository#diff} reports it.
 *
 * @param namespace the namespace path of the key; {@code ""} for the root namespace
 * @param key the key
 * @param oldValue its value in the first revision, or null if it was absent (an addition)
 * @param newValue its value in the second revision, or null if it is absent (a removal)
 * @param <V> the type of the values
 */
public record KeyChange<V>(String namespace, String key, @Nullable V oldValue, @Nullable V newValue) {

  /** What happened to the key. */
  public enum Kind {
    /** The key is new. */
    ADDED,
    /** The key was removed. */
    REMOVED,
    /** The key has another value. */
    CHANGED
  }

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if the namespace or key is null, or both values are null
   */
  public KeyChange {
    Arguments.notNull(namespace, "namespace");
    Arguments.notNull(key, "key");
    if (oldValue == null && newValue == null) {
      throw new IllegalArgumentException("a change of key '" + key + "' needs an old or a new value");
    }
  }

  /**
   * Tells what happened to the key.
   *
   * @return added, removed or changed
   */
  public Kind kind() {
    return oldValue == null ? Kind.ADDED : newValue == null ? Kind.REMOVED : Kind.CHANGED;
  }

  /**
   * Returns the key qualified by its namespace path, as people read it: {@code eu/o-2}.
   *
   * @return the qualified key
   */
  public String qualifiedKey() {
    return namespace.isEmpty() ? key : namespace + "/" + key;
  }

  @Override
  public String toString() {
    return switch (kind()) {
      case ADDED -> "+ " + qualifiedKey() + " = " + show(newValue);
      case REMOVED -> "- " + qualifiedKey() + " (was " + show(oldValue) + ")";
      case CHANGED -> "~ " + qualifiedKey() + ": " + show(oldValue) + " -> " + show(newValue);
    };
  }

  private static String show(@Nullable Object value) {
    return value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
  }
}
