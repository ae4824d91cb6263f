package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.commit.Commit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How much of a branch's history to keep: the newest commits by count or by age. Older history is
 * squashed into one root commit holding the state just before the oldest kept commit, so the
 * branch's content is unchanged and garbage collection can free what only old commits reached.
 * The head is always kept. Immutable.
 */
public final class Retention {

  private final int commits;
  private final @Nullable Duration age;

  private Retention(int commits, @Nullable Duration age) {
    this.commits = commits;
    this.age = age;
  }

  /**
   * Keeps the newest {@code n} commits of the branch's first-parent history.
   *
   * @param n at least 1
   * @return the policy
   * @throws IllegalArgumentException if {@code n} is below 1
   */
  public static Retention keepLast(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("keepLast needs at least 1 commit, got " + n);
    }
    return new Retention(n, null);
  }

  /**
   * Keeps the commits made within a duration before now, and the head in any case.
   *
   * @param age how far back to keep, positive
   * @return the policy
   * @throws IllegalArgumentException if {@code age} is null, zero or negative
   */
  public static Retention keepSince(Duration age) {
    Arguments.notNull(age, "age");
    if (age.isZero() || age.isNegative()) {
      throw new IllegalArgumentException("keepSince needs a positive duration, got " + age);
    }
    return new Retention(0, age);
  }

  /** How many commits to keep, given a first-parent history newest first (with timestamps in millis). */
  int kept(List<Commit> newestFirst, Instant now) {
    if (age == null) {
      return Math.min(commits, newestFirst.size());
    }
    Instant cutoff = now.minus(age);
    int kept = 1;
    while (kept < newestFirst.size() && !newestFirst.get(kept).timestamp().isBefore(cutoff)) {
      kept++;
    }
    return kept;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Retention other && commits == other.commits && Objects.equals(age, other.age);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commits, age);
  }

  @Override
  public String toString() {
    return age == null ? "keepLast(" + commits + ")" : "keepSince(" + age + ")";
  }
}
