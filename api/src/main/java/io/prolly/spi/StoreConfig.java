package io.prolly.spi;

import io.prolly.spi.support.Arguments;
import io.prolly.error.CorruptNodeException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a store lives and how it is set up: a backend scheme, a location the backend interprets
 * (a file, a directory, a database URL, or nothing for memory) and named options.
 *
 * <p>The text form is a URI: {@code scheme:location?option=value&option=value}, for example
 * {@code memory:}, {@code file:/data/app.prolly} or {@code lmdb:/var/lib/app?mapSize=4g&durability=eventual}.
 * A location written {@code scheme:///path} means {@code /path}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StoreConfig {

  /** How soon commits are on stable storage; understood by every backend. */
  public static final StoreOption<Durability> DURABILITY = StoreOption.ofEnum(
      "durability", Durability.class, Durability.IMMEDIATE,
      "when a commit is synced to stable storage: immediate, eventual or none");

  /**
   * Whether nodes read are checked against their ids ({@code Hash.of(bytes)}), so that a damaged
   * node is reported with {@link io.prolly.error.CorruptNodeException} instead of being returned;
   * understood by every backend. A backend whose engine has no checksums of its own checks each
   * node it reads (one SHA-256 per read) unless this is {@code false}; one whose engine checksums
   * every block may rely on that instead. Prolly's repository checks each node once, as it loads
   * it into its cache, and so opens its stores with this set to {@code false}; the value a user
   * gives decides whether the repository checks at all.
   */
  public static final StoreOption<Boolean> VERIFY_NODES = StoreOption.ofBoolean(
      "verifyNodes", true, "check nodes read against their SHA-256 ids (true or false)");

  private static final String MASK = "***";
  /** {@code //user:password@} in a location, up to the password. */
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:]*:)[^/?#@]*@");

  private final String scheme;
  private final String location;
  private final SortedMap<String, String> options;

  private StoreConfig(String scheme, String location, SortedMap<String, String> options) {
    this.scheme = scheme;
    this.location = location;
    this.options = Collections.unmodifiableSortedMap(options);
  }

  /**
   * Reads a store URI such as {@code lmdb:/var/lib/app?mapSize=4g}.
   *
   * @param uri the text form
   * @return the configuration
   * @throws IllegalArgumentException if {@code uri} is null, has no scheme, or has a malformed
   *     option
   */
  public static StoreConfig parse(String uri) {
    Arguments.notNull(uri, "uri");
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("store URI '" + uri
          + "' has no scheme; write it as scheme:location, e.g. 'file:/data/app.prolly' or 'memory:'");
    }
    Builder builder = builder(uri.substring(0, colon));
    String rest = uri.substring(colon + 1);
    int question = rest.indexOf('?');
    String location = question < 0 ? rest : rest.substring(0, question);
    if (location.startsWith("///")) {
      location = location.substring(2);
    }
    builder.location(location);
    if (question >= 0) {
      for (String pair : rest.substring(question + 1).split("&", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("store URI '" + uri + "' has option '" + pair
              + "' without a value; write options as name=value, separated by '&'");
        }
        builder.option(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return builder.build();
  }

  /**
   * Starts a configuration for a backend.
   *
   * @param scheme the backend's scheme, such as {@code lmdb}
   * @return a builder with an empty location and no options
   * @throws IllegalArgumentException if the scheme is null or not a lowercase word
   */
  public static Builder builder(String scheme) {
    return new Builder(scheme);
  }

  /**
   * Returns the backend scheme.
   *
   * @return the lowercase scheme, such as {@code file}
   */
  public String scheme() {
    return scheme;
  }

  /**
   * Returns the location, as the backend interprets it.
   *
   * @return the location, empty when the backend needs none
   */
  public String location() {
    return location;
  }

  /**
   * Returns the location as a file system path, for embedded backends.
   *
   * @return the path
   * @throws IllegalArgumentException if the location is empty or not a valid path
   */
  public Path path() {
    if (location.isEmpty()) {
      throw new IllegalArgumentException("store '" + redacted() + "' has no location; give a path, e.g. '"
          + scheme + ":/var/lib/app/store'");
    }
    try {
      return Path.of(location);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("store location '" + location + "' is not a valid path: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the options as they were written, by name.
   *
   * @return an unmodifiable map, sorted by name
   */
  public SortedMap<String, String> options() {
    return options;
  }

  /**
   * Reads a typed option, or its default when it is not set.
   *
   * @param <T> the value type
   * @param option the option
   * @return the value
   * @throws IllegalArgumentException if the option is set to a value it cannot parse
   */
  public <T> T get(StoreOption<T> option) {
    Arguments.notNull(option, "option");
    String text = options.get(option.name());
    return text == null ? option.defaultValue() : option.parse(text);
  }

  /**
   * Returns the configured durability; a shortcut for {@code get(DURABILITY)}.
   *
   * @return the durability, {@link Durability#IMMEDIATE} unless set otherwise
   */
  public Durability durability() {
    return get(DURABILITY);
  }

  /**
   * Returns whether nodes read are to be checked against their ids; a shortcut for
   * {@code get(VERIFY_NODES)}.
   *
   * @return {@code true} unless set otherwise
   * @throws IllegalArgumentException if the option is set to something other than true or false
   */
  public boolean verifyNodes() {
    return get(VERIFY_NODES);
  }

  /**
   * Returns a builder that starts from this configuration.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder(scheme).location(location);
    options.forEach(builder::option);
    return builder;
  }

  /**
   * Returns the URI form, which {@link #parse(String)} reads back. It holds passwords in the
   * clear; messages and logs should use {@link #redacted()}.
   */
  @Override
  public String toString() {
    return uri(false);
  }

  /**
   * Returns the URI form with its secrets masked, for messages and logs: the value of every
   * option whose name contains {@code password}, {@code secret} or {@code token} (in any case),
   * and a password in the location's user information ({@code //user:password@host}), read
   * {@code ***}.
   *
   * @return the masked URI form; not meant to be parsed back
   */
  public String redacted() {
    return uri(true);
  }

  private String uri(boolean masked) {
    StringBuilder uri = new StringBuilder(scheme).append(':')
        .append(masked ? USER_INFO_PASSWORD.matcher(location).replaceFirst("$1" + MASK + "@") : location);
    char separator = '?';
    for (Map.Entry<String, String> option : options.entrySet()) {
      boolean secret = masked && isSecret(option.getKey());
      uri.append(separator).append(option.getKey()).append('=').append(secret ? MASK : option.getValue());
      separator = '&';
    }
    return uri.toString();
  }

  private static boolean isSecret(String optionName) {
    String name = optionName.toLowerCase(Locale.ROOT);
    return name.contains("password") || name.contains("secret") || name.contains("token");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof StoreConfig
        && ((StoreConfig) o).scheme.equals(scheme)
        && ((StoreConfig) o).location.equals(location)
        && ((StoreConfig) o).options.equals(options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, location, options);
  }

  /** Builds a {@link StoreConfig}. Not thread-safe. */
  public static final class Builder {
    private final String scheme;
    private String location = "";
    private final SortedMap<String, String> options = new TreeMap<>();

    private Builder(String scheme) {
      if (scheme == null || !scheme.matches("[a-zA-Z][a-zA-Z0-9+.-]*")) {
        throw new IllegalArgumentException("store scheme '" + scheme
            + "' must start with a letter and hold only letters, digits, '+', '-' and '.'");
      }
      this.scheme = scheme.toLowerCase(Locale.ROOT);
    }

    /**
     * Sets the location.
     *
     * @param location what the backend opens: a path, a URL, or empty
     * @return this builder
     * @throws IllegalArgumentException if {@code location} is null or holds a NUL character
     */
    public Builder location(String location) {
      if (location == null || location.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("store location must be a string without NUL characters, got: " + location);
      }
      this.location = location;
      return this;
    }

    /**
     * Sets the location to a file system path.
     *
     * @param path the file or directory
     * @return this builder
     * @throws IllegalArgumentException if {@code path} is null
     */
    public Builder location(Path path) {
      if (path == null) {
        throw new IllegalArgumentException("store path is null");
      }
      return location(path.toString());
    }

    /**
     * Sets an option from its text form. Values are checked when they are read, against the
     * option the backend declares.
     *
     * @param name the option's name
     * @param value its text form
     * @return this builder
     * @throws IllegalArgumentException if the name or the value is null or empty, or either
     *     holds a character reserved by the URI form ({@code ?}, {@code &}, {@code =})
     */
    public Builder option(String name, String value) {
      if (name == null || name.isEmpty() || name.matches(".*[?&=].*")) {
        throw new IllegalArgumentException("option name '" + name + "' must be non-empty, without '?', '&' or '='");
      }
      if (value == null || value.isEmpty() || value.matches(".*[?&].*")) {
        throw new IllegalArgumentException("option '" + name + "' has value '" + value
            + "'; a value must be non-empty, without '?' or '&'");
      }
      options.put(name, value);
      return this;
    }

    /**
     * Sets a typed option.
     *
     * @param <T> the value type
     * @param option the option
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if {@code option} or {@code value} is null
     */
    public <T> Builder option(StoreOption<T> option, T value) {
      if (option == null || value == null) {
        throw new IllegalArgumentException("option and value must not be null, got " + option + " = " + value);
      }
      String text = value instanceof Enum<?> ? ((Enum<?>) value).name().toLowerCase(Locale.ROOT) : value.toString();
      return option(option.name(), text);
    }

    /**
     * Sets the durability; a shortcut for {@code option(DURABILITY, durability)}.
     *
     * @param durability the level
     * @return this builder
     * @throws IllegalArgumentException if {@code durability} is null
     */
    public Builder durability(Durability durability) {
      return option(DURABILITY, durability);
    }

    /**
     * Builds the configuration.
     *
     * @return an immutable configuration
     */
    public StoreConfig build() {
      return new StoreConfig(scheme, location, new TreeMap<>(options));
    }
  }
}
