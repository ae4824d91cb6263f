package io.prolly.error;

/**
 * Thrown when a fetch, pull or push goes through a {@code Remote} got by name ({@code
 * Remotes.remote}, {@code NamedRemote.remote}) and the repository no longer has that remote at
 * that URL: it was removed or renamed, or given another URL, after the handle was got. A name
 * stands for what the repository's configuration says now, as in git, so the handle does not
 * follow a rename. The remote-tracking refs of the name were not written, so a removed remote's
 * refs stay gone; nodes already received whole are kept, as after a broken connection. Get a new
 * handle by the name to use now, or reach the URL without a name ({@code Prolly.remote}).
 */
public class StaleRemoteException extends ProllyException {

  private static final long serialVersionUID = 1L;

  /** The name the handle was got by. */
  private final String remoteName;

  /**
   * Creates the exception.
   *
   * @param remoteName the name the handle was got by
   * @param message what the configuration says now and what to do
   */
  public StaleRemoteException(String remoteName, String message) {
    super(message);
    this.remoteName = remoteName;
  }

  /**
   * Returns the name the stale handle was got by.
   *
   * @return the remote's name, such as {@code origin}
   */
  public String remoteName() {
    return remoteName;
  }
}
