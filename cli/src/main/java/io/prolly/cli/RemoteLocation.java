package io.prolly.cli;

import io.prolly.NamedRemote;
import io.prolly.Prolly;
import io.prolly.Remote;
import io.prolly.Remotes;
import io.prolly.Repository;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A location on the command line that names a repository on another machine: an {@code http://}
 * or {@code https://} URL such as {@code http://host:8080/main}, served by {@code prolly serve},
 * or the name of a remote configured in the repository ({@code prolly remote add origin URL}).
 * {@code clone}, {@code fetch}, {@code pull}, {@code push} and {@code ls-remote} reach it through
 * {@link Remote}; every other command needs a local repository.
 */
final class RemoteLocation {

  /** The remote {@code fetch}, {@code pull}, {@code push} and {@code ls-remote} use when none is given, as git does. */
  static final String DEFAULT = Remotes.ORIGIN;

  private RemoteLocation() {}

  /**
   * A served repository, as a command names it and reaches it.
   *
   * @param remote the handle
   * @param shown how messages show it: the URL without user info, or {@code NAME (URL)}
   */
  record Served(Remote remote, String shown) {}

  /**
   * Resolves a REMOTE argument to a served repository: a URL, or the name of a remote the
   * repository remembers.
   *
   * @param argument what was given, or null for {@value #DEFAULT}
   * @param repository the repository whose remotes name it
   * @param access the token and certificates to reach it with
   * @param local whether the command also takes a local repository, which is then what a
   *     location that is neither means (null is returned)
   * @return the served repository, or null for a local one
   * @throws UserException as a usage error, if the argument is a remote's name that is not
   *     configured (and, when {@code local}, no file either); the message lists the configured names
   */
  static @Nullable Served resolve(@Nullable String argument, Repository repository, RemoteAccess access,
      boolean local) {
    String given = argument == null ? DEFAULT : argument;
    if (is(given)) {
      return new Served(open(given, access), masked(given));
    }
    if (!isName(given)) {
      if (local) {
        return null;
      }
      throw notConfigured(given, repository, "", false);
    }
    NamedRemote configured = repository.remotes().find(given);
    if (configured != null) {
      try {
        return new Served(configured.remote(access.options()), given + " (" + configured.uri() + ")");
      } catch (IllegalArgumentException e) {
        throw new UserException(ExitCodes.USAGE, e.getMessage());
      }
    }
    if (local && argument != null && exists(given)) {
      return null;
    }
    throw notConfigured(given, repository, argument == null ? "no remote was given, and " : "", local);
  }

  /** Whether an argument is a valid remote name, and so may name a configured remote. */
  static boolean isName(String argument) {
    try {
      Remotes.checkName(argument);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean exists(String path) {
    try {
      return Files.exists(Path.of(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static UserException notConfigured(String given, Repository repository, String prefix, boolean local) {
    List<String> names = repository.remotes().list().stream().map(NamedRemote::name).toList();
    return new UserException(ExitCodes.USAGE, prefix + "'" + masked(given) + "' is not the URL of a served "
        + "repository" + (local ? ", an existing local repository" : "") + " nor a configured remote ("
        + (names.isEmpty() ? "no remote is configured" : "the remotes are " + String.join(", ", names))
        + "); add it with 'prolly remote add " + (isName(given) ? given : "NAME") + " URL', or give a URL like "
        + "http://host:8080/main" + (local ? " or a path like ./" + given : ""));
  }

  /** Whether the location is a URL of a remote repository rather than a store URI or path. */
  static boolean is(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * Returns the remote repository at a URL; nothing is contacted yet.
   *
   * @param location an {@code http://} or {@code https://} URL
   * @param access the token and certificates to reach it with
   * @return the remote
   * @throws UserException if it is not a URL of one repository, as a usage error
   */
  static Remote open(String location, RemoteAccess access) {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw new UserException(ExitCodes.USAGE, "'" + masked(location) + "' is not a URL: " + e.getReason()
          + "; give one like http://host:8080/main");
    }
    try {
      return Prolly.remote(uri, access.options());
    } catch (IllegalArgumentException e) {
      throw new UserException(ExitCodes.USAGE, e.getMessage());
    }
  }

  /** The location without the user info of a URL, which may hold a token. */
  static String masked(String location) {
    return location.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
  }

  /**
   * Refuses a URL where a command needs a local repository.
   *
   * @param location what was given
   * @throws UserException if the location is a URL, as a usage error
   */
  static void refuse(String location) {
    if (is(location)) {
      throw new UserException(ExitCodes.USAGE, "'" + masked(location) + "' is a remote repository, and a local one (a "
          + "store URI or path) is needed here: only clone, fetch, pull, push and ls-remote reach a remote by URL; "
          + "clone it first with 'prolly clone " + masked(location) + " PATH'");
    }
  }
}
