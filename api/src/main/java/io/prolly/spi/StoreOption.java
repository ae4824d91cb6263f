package io.prolly.spi;

import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A typed, named setting of a backend, such as LMDB's map size. Options travel as text (so they
 * can be written in a store URI, {@code lmdb:/data?mapSize=4g}) and are read back typed with
 * {@link StoreConfig#get(StoreOption)}, which applies the default and reports bad values clearly.
 *
 * <p>A backend declares its options in {@link BackendProvider#options()}. Instances are immutable
 * and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class StoreOption<T> {

  private final String name;
  private final T defaultValue;
  private final String expected;
  private final String description;
  private final Function<String, T> parser;

  private StoreOption(String name, T defaultValue, String expected, String description, Function<String, T> parser) {
    if (name == null || !name.matches("[a-zA-Z][a-zA-Z0-9.]*")) {
      throw new IllegalArgumentException("option name '" + name + "' must be letters, digits and dots, starting with a letter");
    }
    this.name = name;
    this.defaultValue = Arguments.notNull(defaultValue, "defaultValue");
    this.expected = expected;
    this.description = Arguments.notNull(description, "description");
    this.parser = parser;
  }

  /**
   * Creates an option whose value is a whole number.
   *
   * @param name the option's name, as written in a URI
   * @param defaultValue the value when the option is not set
   * @param description one line for documentation and listings
   * @return the option
   */
  public static StoreOption<Long> ofLong(String name, long defaultValue, String description) {
    return new StoreOption<>(name, defaultValue, "a whole number", description, Long::parseLong);
  }

  /**
   * Creates an option whose value is a size in bytes, written as a number with an optional unit
   * {@code k}, {@code m}, {@code g} or {@code t} (powers of 1024), such as {@code 512m}.
   *
   * @param name the option's name, as written in a URI
   * @param defaultValue the value in bytes when the option is not set
   * @param description one line for documentation and listings
   * @return the option
   */
  public static StoreOption<Long> ofSize(String name, long defaultValue, String description) {
    return new StoreOption<>(name, defaultValue, "a size such as 65536, 64k, 512m or 4g", description, StoreOption::parseSize);
  }

  /**
   * Creates an option whose value is free text, such as a database user or schema name. The URI
   * form cannot carry {@code ?} or {@code &} in a value, so secrets that may hold them belong in
   * code, not in an option.
   *
   * @param name the option's name, as written in a URI
   * @param defaultValue the value when the option is not set; empty for "not set"
   * @param description one line for documentation and listings
   * @return the option
   */
  public static StoreOption<String> ofString(String name, String defaultValue, String description) {
    return new StoreOption<>(name, defaultValue, "text", description, text -> text);
  }

  /**
   * Creates an option whose value is {@code true} or {@code false}.
   *
   * @param name the option's name, as written in a URI
   * @param defaultValue the value when the option is not set
   * @param description one line for documentation and listings
   * @return the option
   */
  public static StoreOption<Boolean> ofBoolean(String name, boolean defaultValue, String description) {
    return new StoreOption<>(name, defaultValue, "true or false", description, StoreOption::parseBoolean);
  }

  /**
   * Creates an option whose value is one constant of an enum, written in any case.
   *
   * @param <E> the enum type
   * @param name the option's name, as written in a URI
   * @param type the enum class
   * @param defaultValue the value when the option is not set
   * @param description one line for documentation and listings
   * @return the option
   */
  public static <E extends Enum<E>> StoreOption<E> ofEnum(String name, Class<E> type, E defaultValue, String description) {
    Arguments.notNull(type, "type");
    String choices = Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ", "one of ", ""));
    return new StoreOption<>(name, defaultValue, choices, description,
        text -> Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT)));
  }

  /**
   * Returns the option's name.
   *
   * @return the name as written in a URI
   */
  public String name() {
    return name;
  }

  /**
   * Returns the value used when the option is not set.
   *
   * @return the default value
   */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * Returns what the option does.
   *
   * @return one line of documentation
   */
  public String description() {
    return description;
  }

  /**
   * Reads a value from its text form.
   *
   * @param text the text, as found in a URI or set on a builder
   * @return the typed value
   * @throws IllegalArgumentException if the text is not a valid value, with a message naming the
   *     option and what it expects
   */
  public T parse(String text) {
    Arguments.notNull(text, "text");
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "option '" + name + "' has value '" + text + "'; expected " + expected, e);
    }
  }

  /**
   * Returns the option's name, which identifies it.
   *
   * @return the name
   */
  @Override
  public String toString() {
    return name;
  }

  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k': shift = 10; break;
        case 'm': shift = 20; break;
        case 'g': shift = 30; break;
        case 't': shift = 40; break;
        default: break;
      }
    }
    long number = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1).trim());
    if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size out of range");
    }
    return number << shift;
  }

  private static boolean parseBoolean(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true")) {
      return true;
    }
    if (t.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("not a boolean");
  }
}
