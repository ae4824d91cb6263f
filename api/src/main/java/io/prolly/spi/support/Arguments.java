package io.prolly.spi.support;

import org.jspecify.annotations.Nullable;

/**
 * The argument checks every public entry point of Prolly makes, so a bad argument fails the same
 * way everywhere: with an {@link IllegalArgumentException} whose message names the argument.
 * Backends use it for their own entry points too.
 *
 * <p>Stateless and thread-safe.
 */
public final class Arguments {

  private Arguments() {}

  /**
   * Returns the argument, or fails if it is null.
   *
   * @param value the argument
   * @param name the parameter's name, as the caller's documentation spells it
   * @param <T> the argument's type
   * @return {@code value}
   * @throws IllegalArgumentException naming the parameter, if {@code value} is null
   */
  public static <T> T notNull(@Nullable T value, String name) {
    if (name == null) {
      throw new IllegalArgumentException("name is null; name the parameter being checked");
    }
    if (value == null) {
      throw new IllegalArgumentException(name + " is null; pass a value (absent values are not allowed here)");
    }
    return value;
  }

  /**
   * Fails unless a condition on the arguments holds; costs no allocation when it does.
   *
   * @param condition what must hold
   * @param message what was wrong and what to do
   * @throws IllegalArgumentException with the message, if {@code condition} is false
   */
  public static void check(boolean condition, String message) {
    notNull(message, "message");
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Fails unless a condition on the arguments holds.
   *
   * @param condition what must hold
   * @param template the message, a {@link String#format} template saying what was wrong and what to do
   * @param args the template's arguments
   * @throws IllegalArgumentException with the formatted message, if {@code condition} is false
   */
  public static void check(boolean condition, String template, @Nullable Object... args) {
    notNull(template, "template");
    notNull(args, "args");
    if (!condition) {
      throw new IllegalArgumentException(args.length == 0 ? template : String.format(template, args));
    }
  }
}
