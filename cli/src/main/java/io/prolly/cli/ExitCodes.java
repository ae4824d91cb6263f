package io.prolly.cli;

/** The exit codes of every command, stated once for the code and the help footer. */
final class ExitCodes {

  static final int OK = 0;
  /**
   * A merge conflict, or a key, revision, branch, tag or repository that does not exist (also a
   * repository name a server does not serve, and a remote removed or renamed while a command
   * transferred through it).
   */
  static final int NOT_FOUND_OR_CONFLICT = 1;
  /** Bad arguments: unknown option, missing parameter, malformed URI, name or revision. */
  static final int USAGE = 2;
  /** The store is damaged: a corrupt file or node, or problems found by {@code verify}. */
  static final int CORRUPT = 3;
  /**
   * Anything else: a locked store, an I/O error, a push or commit refused, a remote that cannot be
   * reached or refuses, an unexpected failure.
   */
  static final int FAILED = 4;

  /** The help footer. */
  static final String FOOTER = """

      Exit codes:
        0  ok
        1  merge conflict; key, revision, branch, tag or repository not found; a remote
           removed or renamed while the command used it
        2  bad usage: unknown option, missing argument, malformed URI or name
        3  corrupt store: damaged file or node, or problems found by verify
        4  other failure: locked store, I/O error, push refused, commit refused by a validator
           or a signature policy, remote unreachable or refusing, a bug
      The repository is --repo URI|PATH or the PROLLY_REPO environment variable.""";

  private ExitCodes() {}
}
