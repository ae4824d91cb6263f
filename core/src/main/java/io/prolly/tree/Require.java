package io.prolly.tree;

import org.jspecify.annotations.Nullable;

/** Precondition checks that throw with a message built from a template, as in Caffeine. */
final class Require {

  private Require() {}


  static void state(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  // Overloads for numbers, so that a check on a hot path allocates no argument array unless it fails.
  static void state(boolean condition, String template, long arg) {
    if (!condition) {
      throw new IllegalStateException(String.format(template, arg));
    }
  }

  static void state(boolean condition, String template, long arg1, long arg2) {
    if (!condition) {
      throw new IllegalStateException(String.format(template, arg1, arg2));
    }
  }

  static void state(boolean condition, String template, @Nullable Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(template, args));
    }
  }
}
