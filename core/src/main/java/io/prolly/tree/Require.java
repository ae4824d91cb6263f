package io.prolly.tree;

import org.jspecify.annotations.Nullable;

/** Precondition checks that throw with a message built from a template, as in Caffeine. */
final class Require {

  private Require() {}


  static void state(boolean condition, String template, @Nullable Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(template, args));
    }
  }
}
