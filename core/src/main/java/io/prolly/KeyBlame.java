package io.prolly;

import io.prolly.spi.support.Arguments;

/**
 * One key as {@link Repository#blame} reports it: the commit that last changed it, the commit that
 * gave the key the value it has at the revision blamed.
 *
 * @param key the key
 * @param commit the commit that set the key's current value
 */
public record KeyBlame(String key, CommitInfo commit) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public KeyBlame {
    Arguments.notNull(key, "key");
    Arguments.notNull(commit, "commit");
  }

  @Override
  public String toString() {
    return commit.id().toShortHex() + " " + key;
  }
}
