package io.prolly.error;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a remote repository (one reached by URL, see {@code Prolly.remote}) cannot be
 * talked to or refuses a request: the connection failed or was cut, the server answered with an
 * error status, or its answer broke the protocol. The local repository is unchanged except for
 * nodes already received whole, which a retry does not fetch again; the message says what went
 * wrong, with the server's own explanation when it gave one.
 */
public class RemoteException extends ProllyException {

  private static final long serialVersionUID = 1L;

  /** The HTTP status the server answered, or 0 when there was no answer. */
  private final int status;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   * @param status the HTTP status the server answered, or 0 when there was no answer
   * @param cause the lower-level failure, if any
   */
  public RemoteException(String message, int status, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /**
   * Returns the HTTP status the server answered.
   *
   * @return the status, such as 400 or 404, or 0 when the connection failed before an answer
   */
  public int status() {
    return status;
  }
}
