package io.prolly;

import io.prolly.spi.support.Arguments;
import java.net.URI;

/**
 * One remote a repository remembers by name, as {@link Remotes} lists it: a name such as
 * {@code origin} and the URL of the served repository, without any token (tokens are given at
 * each use, with {@link RemoteOptions#withToken}).
 *
 * @param name the remote's name, valid by {@link Remotes#checkName}
 * @param uri where the repository is served, {@code http://host:port/NAME} or {@code https://},
 *     without user info
 */
public record NamedRemote(String name, URI uri) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if the name is null or invalid, or the URI is null, carries
   *     user info (a token) or is not the URL of one served repository
   */
  public NamedRemote {
    Remotes.checkName(name);
    uri = Remotes.checkUri(Arguments.notNull(uri, "uri"));
  }

  /**
   * Returns a handle on the remote repository, reached with options; nothing is contacted yet.
   * The handle knows this name ({@link Remote#name()}), so fetches through it record the remote's
   * branches under {@code remotes/<name>/}; a transfer through it into a repository that does not
   * have this remote, at this URL, throws {@link io.prolly.error.StaleRemoteException} (see
   * {@link Remotes}).
   *
   * @param options how to reach it: the token, the certificates to trust
   * @return the remote
   * @throws IllegalArgumentException if {@code options} is null
   */
  public Remote remote(RemoteOptions options) {
    return new Remote(uri, Arguments.notNull(options, "options"), name);
  }
}
