package io.prolly;

import io.prolly.spi.Hash;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Maintenance#verify()} found.
 *
 * @param problems every problem, in the order found; empty for a sound repository
 * @param commitsChecked distinct commits checked
 * @param nodesChecked distinct tree nodes checked (a large value counts as one)
 * @param bytesChecked bytes of nodes and large values read
 * @param duration how long it took
 */
public record VerifyReport(List<Problem> problems, long commitsChecked, long nodesChecked, long bytesChecked,
    Duration duration) {

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
     * @throws NullPointerException if a field is null
     */
    public Problem {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return path + ": node " + node.toShortHex() + " " + message;
    }
  }

  /**
   * Copies the problems.
   *
   * @throws NullPointerException if {@code problems} or {@code duration} is null
   */
  public VerifyReport {
    problems = List.copyOf(problems);
    Objects.requireNonNull(duration, "duration");
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
