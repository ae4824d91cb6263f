package io.prolly;

import io.prolly.spi.support.Arguments;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CommitValidator} answers: accept, or refuse with a reason.
 *
 * @param refusal why the change is refused, or null if it is accepted
 */
public record Verdict(@Nullable String refusal) {

  private static final Verdict ACCEPT = new Verdict(null);

  /**
   * Checks the reason.
   *
   * @throws IllegalArgumentException if the reason is blank
   */
  public Verdict {
    Arguments.check(refusal == null || !refusal.isBlank(),
        "a refusal needs a reason the user can act on, such as \"key 'x' must not be removed\"");
  }

  /**
   * Accepts the change.
   *
   * @return the accepting verdict
   */
  public static Verdict accept() {
    return ACCEPT;
  }

  /**
   * Refuses the change.
   *
   * @param reason why, in words the user can act on; shown in the {@link io.prolly.error.CommitRefusedException}
   * @return the refusing verdict
   * @throws IllegalArgumentException if the reason is null or blank
   */
  public static Verdict refuse(String reason) {
    Arguments.notNull(reason, "reason");
    return new Verdict(reason);
  }

  /**
   * Tells whether the change may land.
   *
   * @return true if accepted
   */
  public boolean accepted() {
    return refusal == null;
  }
}
