package io.prolly;

import io.prolly.spi.support.Arguments;
import org.jspecify.annotations.Nullable;

/**
 * Whether a commit is signed, and by whom, as {@link CommitSigning#check} finds it.
 *
 * @param status what the signature is worth
 * @param fingerprint the fingerprint of the key that signed ({@code SHA256:...}), or null if unsigned
 * @param signer the name the key is trusted under, or null unless {@link Status#TRUSTED}
 */
public record SignatureCheck(Status status, @Nullable String fingerprint, @Nullable String signer) {

  /** What a commit's signature is worth. */
  public enum Status {
    /** The commit carries no signature. */
    UNSIGNED,
    /** A good signature by a trusted key. */
    TRUSTED,
    /** A good signature by a key this repository does not trust. */
    UNTRUSTED,
    /** A signature that does not match the commit: forged, or the commit was altered. */
    INVALID
  }

  /**
   * Checks the fields agree.
   *
   * @throws IllegalArgumentException if the status is null, a signed status lacks its fingerprint, or a signer is
   *     named for a status other than {@link Status#TRUSTED}
   */
  public SignatureCheck {
    Arguments.notNull(status, "status");
    Arguments.check((status == Status.UNSIGNED) == (fingerprint == null),
        "a fingerprint is given exactly for signed commits");
    Arguments.check((status == Status.TRUSTED) == (signer != null), "a signer is named exactly for trusted signatures");
  }

  /**
   * Tells whether the commit is signed by a trusted key.
   *
   * @return true if {@link Status#TRUSTED}
   */
  public boolean trusted() {
    return status == Status.TRUSTED;
  }

  @Override
  public String toString() {
    return switch (status) {
      case UNSIGNED -> "unsigned";
      case TRUSTED -> "good signature by " + signer + " (" + fingerprint + ")";
      case UNTRUSTED -> "good signature by an untrusted key (" + fingerprint + ")";
      case INVALID -> "INVALID signature claiming key " + fingerprint;
    };
  }
}
