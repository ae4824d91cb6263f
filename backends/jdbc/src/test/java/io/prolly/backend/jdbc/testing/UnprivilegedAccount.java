package io.prolly.backend.jdbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The account a root JVM runs PostgreSQL under, since initdb and postgres refuse to run as root:
 * {@code postgres} if the machine has one, else {@code nobody}. Commands switch to it with
 * util-linux {@code setpriv}, or {@code runuser} where setpriv is missing.
 *
 * @param name the account's name
 * @param uid its user id
 * @param gid its primary group id
 */
record UnprivilegedAccount(String name, int uid, int gid) {

  private static final List<String> CANDIDATES = List.of("postgres", "nobody");

  /** Finds the first candidate account in {@code /etc/passwd}. */
  static UnprivilegedAccount find() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/etc/passwd"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /etc/passwd to find an account to run PostgreSQL under", e);
    }
    for (String candidate : CANDIDATES) {
      for (String line : lines) {
        String[] fields = line.split(":");
        if (fields.length > 3 && fields[0].equals(candidate)) {
          return new UnprivilegedAccount(candidate, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
        }
      }
    }
    throw new IllegalStateException("running as root, but no account " + CANDIDATES
        + " exists to run PostgreSQL under (initdb refuses root); create one, e.g. 'useradd postgres'");
  }

  /** The command line that runs {@code command} as this account; it ends with the JVM if that dies. */
  List<String> run(List<String> command) {
    List<String> line = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv"))) {
      line.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--pdeathsig=TERM"));
    } else {
      line.addAll(List.of("runuser", "-u", name, "--"));
    }
    line.addAll(command);
    return line;
  }

  /** Gives a directory to this account. */
  void own(Path directory) throws IOException {
    Files.setAttribute(directory, "unix:uid", uid);
    Files.setAttribute(directory, "unix:gid", gid);
  }
}
