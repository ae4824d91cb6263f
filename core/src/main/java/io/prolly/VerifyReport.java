package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.spi.Hash;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Maintenance#verify()} found.
 *
 * @param problems every problem, in the order found; empty for a sound repository
 * @param commitsChecked distinct commits checked
 * @param nodesChecked distinct tree nodes checked (a large value counts as one)
 * @param bytesChecked bytes of nodes and large values read
 * @param duration how long it took
 * @param signedCommits commits with a good signature, trusted or not (a bad one is a problem)
 * @param untrustedSignatures commits with a good signature by a key the repository does not
 *     {@linkplain CommitSigning#trust trust}
 */
public record VerifyReport(List<Problem> problems, long commitsChecked, long nodesChecked, long bytesChecked,
    Duration duration, long signedCommits, long untrustedSignatures) {

  /**
   * One thing wrong with a repository.
   *
   * @param path how the damaged node is reached, from a ref: such as
   *     {@code heads/main > commit 3fa9c1d2e4b5 > namespace 'eu'}
   * @param node the damaged or missing node
   * @param message what is wrong
   */
  public record Problem(String path, Hash node, String message) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a field is null
     */
    public Problem {
      Arguments.notNull(path, "path");
      Arguments.notNull(node, "node");
      Arguments.notNull(message, "message");
    }

    @Override
    public String toString() {
      return path + ": node " + node.toShortHex() + " " + message;
    }
  }

  /**
   * Copies the problems.
   *
   * @throws IllegalArgumentException if {@code problems} or {@code duration} is null
   */
  public VerifyReport {
    problems = List.copyOf(Arguments.notNull(problems, "problems"));
    Arguments.notNull(duration, "duration");
  }

  /**
   * Tells whether nothing is wrong.
   *
   * @return true if there is no problem
   */
  public boolean isClean() {
    return problems.isEmpty();
  }
}
