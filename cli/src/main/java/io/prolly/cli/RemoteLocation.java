package io.prolly.cli;

import io.prolly.Prolly;
import io.prolly.Remote;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A location on the command line that names a repository on another machine: an {@code http://}
 * or {@code https://} URL such as {@code http://host:8080/main}, served by {@code prolly serve}.
 * {@code clone}, {@code fetch}, {@code pull}, {@code push} and {@code ls-remote} reach it through
 * {@link Remote}; every other command needs a local repository.
 */
final class RemoteLocation {

  private RemoteLocation() {}

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
