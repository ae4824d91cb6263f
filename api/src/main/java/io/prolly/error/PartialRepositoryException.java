package io.prolly.error;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an operation needs part of the history or data that a partial clone did not fetch:
 * a commit beyond the shallow boundary of a {@code --depth} clone (a log walk stops there, but a
 * merge base, a blame or a checkout further back cannot be found), or a namespace that a clone of
 * selected namespaces left out. The message says what is missing and how to get it: fetch with a
 * greater depth, unshallow, or clone the namespace. Nothing was written by the failed operation.
 *
 * <p>Distinct from {@link CorruptNodeException}: the repository is sound, it only knows it holds
 * part of the history by choice.
 */
public class PartialRepositoryException extends ProllyException {

  private final @Nullable String missing;

  /**
   * Creates the exception.
   *
   * @param missing what is missing, as people read it: a commit id (hex) or a namespace path; null
   *     if not known
   * @param message what is missing, why, and what to do
   */
  public PartialRepositoryException(@Nullable String missing, String message) {
    super(message);
    this.missing = missing;
  }

  /**
   * Returns what is missing.
   *
   * @return a commit id in hex or a namespace path, or null if not known
   */
  public @Nullable String missing() {
    return missing;
  }
}
