package io.prolly;

import io.prolly.error.CommitRefusedException;
import io.prolly.error.RevisionNotFoundException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * Signed commits, from {@link Repository#signing()}: Ed25519 signatures (the JDK's own, no other
 * library) on the commits this repository object makes, the keys it trusts, a policy that
 * refuses unsigned commits on some branches, and checks of any commit's signature.
 * {@link Maintenance#verify()} checks every signature and counts the untrusted ones.
 *
 * <p>A signature covers everything a commit records (its content root, parents, author, message,
 * time and metadata), so a commit cannot be altered without breaking it; the commit's id covers
 * the signature. Merges, reverts, cherry-picks and squashed history made while signing is on are
 * signed by this repository's key. Keys and trust belong to this repository object, not to the
 * store: set them again after opening it.
 *
 * <p>Thread-safe, like the repository it belongs to.
 */
public interface CommitSigning {

  /**
   * Makes a new Ed25519 key pair.
   *
   * @return a key pair from the JDK's {@code KeyPairGenerator} for Ed25519
   */
  static KeyPair newKeyPair() {
    return RepositorySigning.newKeyPair();
  }

  /**
   * Returns the fingerprint of a public key, as log and verify show signers.
   *
   * @param key an Ed25519 public key
   * @return {@code SHA256:} and the unpadded Base64 of the SHA-256 of the key's X.509 encoding
   * @throws IllegalArgumentException if the key is null or not an Ed25519 key
   */
  static String fingerprint(PublicKey key) {
    return RepositorySigning.fingerprint(key);
  }

  /**
   * Signs every commit this repository object makes from now on, or stops signing.
   *
   * @param keys an Ed25519 key pair, or null to stop signing
   * @throws IllegalArgumentException if the keys are not Ed25519 keys, or the private key does not
   *     belong to the public one; the message says which
   */
  void signWith(@Nullable KeyPair keys);

  /**
   * Returns the key commits are signed with.
   *
   * @return the public key of the signing pair, or null if this repository does not sign
   */
  @Nullable PublicKey signingKey();

  /**
   * Trusts a public key under a name: signatures by it check as {@link SignatureCheck.Status#TRUSTED}.
   * Trusting another key under a name already used replaces it.
   *
   * @param name who holds the key, such as {@code alice@example.com}
   * @param key an Ed25519 public key
   * @throws IllegalArgumentException if an argument is null, the name is blank, or the key is not Ed25519
   */
  void trust(String name, PublicKey key);

  /**
   * Stops trusting the key trusted under a name.
   *
   * @param name the name it was trusted under
   * @return true if a key was trusted under it
   * @throws IllegalArgumentException if the name is null
   */
  boolean distrust(String name);

  /**
   * Returns the trusted keys.
   *
   * @return name to key, sorted by name, unmodifiable
   */
  SortedMap<String, PublicKey> trustedKeys();

  /**
   * Refuses, on every branch matching a pattern, any move that adds a commit not signed by a
   * trusted key: commits, merges, received pushes and the rest, as a {@link CommitValidator}
   * registered under the name {@code signatures:} and the pattern (remove it with
   * {@link Repository#removeValidator}).
   *
   * @param branchPattern the branches, as {@link Repository#addValidator} takes them
   * @throws IllegalArgumentException if the pattern is null, empty, or already required
   * @see CommitRefusedException
   */
  void requireSignatures(String branchPattern);

  /**
   * Checks a commit's signature against the trusted keys.
   *
   * @param revision the commit
   * @return whether and by whom it is signed
   * @throws RevisionNotFoundException if the revision names no commit
   */
  SignatureCheck check(String revision);
}
