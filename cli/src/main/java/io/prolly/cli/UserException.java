package io.prolly.cli;

/**
 * A failure the user can act on, raised by a command: printed as one line on stderr, without a
 * stack trace, and ending the process with its exit code.
 */
final class UserException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
