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
 * @param partial what the repository lacks on purpose, as a partial clone: the history beyond its
 *     shallow boundary and the namespaces it did not fetch are not checked and are no problem;
 *     {@link PartialState#COMPLETE} for a complete repository
 */
public record VerifyReport(List<Problem> problems, long commitsChecked, long nodesChecked, long bytesChecked,
    Duration duration, long signedCommits, long untrustedSignatures, PartialState partial) {

  /**
   * Describes a verification of a complete repository.
   *
   * @throws IllegalArgumentException if {@code problems} or {@code duration} is null
   */
  public VerifyReport(List<Problem> problems, long commitsChecked, long nodesChecked, long bytesChecked,
      Duration duration, long signedCommits, long untrustedSignatures) {
    this(problems, commitsChecked, nodesChecked, bytesChecked, duration, signedCommits, untrustedSignatures,
        PartialState.COMPLETE);
  }

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
   * @throws IllegalArgumentException if {@code problems}, {@code duration} or {@code partial} is null
   */
  public VerifyReport {
    problems = List.copyOf(Arguments.notNull(problems, "problems"));
    Arguments.notNull(duration, "duration");
    Arguments.notNull(partial, "partial");
  }

  /**
   * Tells whether nothing is wrong.
   *
   * @return true if there is no problem
   */
  public boolean isClean() {
    return problems.isEmpty();
  }

  /**
   * Tells whether the repository is a partial clone, sound or not.
   *
   * @return true if it lacks history or namespaces on purpose
   */
  public boolean isPartial() {
    return partial.isPartial();
  }
}
