package io.prolly.commit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 signature of a commit, with the public key that made it: what a signed commit
 * carries after its unsigned fields. The signature covers the commit's unsigned encoding
 * (version 1, the node the same commit has without a signature).
 *
 * @param publicKey the signer's public key, X.509 (SubjectPublicKeyInfo) encoded
 * @param signature the 64-byte Ed25519 signature
 */
public record CommitSignature(byte[] publicKey, byte[] signature) {

  /** The one algorithm signed commits use. */
  public static final String ALGORITHM = "Ed25519";

  /** The longest encoded public key a commit may carry. */
  static final int MAX_KEY_BYTES = 256;

  /** The length of an Ed25519 signature. */
  static final int SIGNATURE_BYTES = 64;

  /**
   * Copies the bytes.
   *
   * @throws IllegalArgumentException if a field is null or has a wrong length
   */
  public CommitSignature {
    if (publicKey == null || publicKey.length == 0 || publicKey.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("a commit signature's public key must be 1 to " + MAX_KEY_BYTES + " bytes");
    }
    if (signature == null || signature.length != SIGNATURE_BYTES) {
      throw new IllegalArgumentException("an Ed25519 signature is " + SIGNATURE_BYTES + " bytes");
    }
    publicKey = publicKey.clone();
    signature = signature.clone();
  }

  /**
   * Signs an unsigned commit encoding.
   *
   * @param payload the commit's unsigned encoding
   * @param keys an Ed25519 key pair
   * @return the signature with the pair's public key
   * @throws IllegalArgumentException if the keys are not Ed25519 keys
   */
  static CommitSignature sign(byte[] payload, KeyPair keys) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(keys.getPrivate());
      signer.update(payload);
      return new CommitSignature(keys.getPublic().getEncoded(), signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key pair: " + e.getMessage()
          + "; commits are signed with Ed25519 keys, from KeyPairGenerator.getInstance(\"Ed25519\")", e);
    }
  }

  /**
   * Checks the signature over an unsigned commit encoding.
   *
   * @param payload the commit's unsigned encoding
   * @return true if the signature was made over exactly these bytes by the key it carries
   */
  boolean verifies(byte[] payload) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key());
      verifier.update(payload);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Decodes the public key.
   *
   * @return the key
   * @throws IllegalArgumentException if the bytes are not an Ed25519 public key
   */
  public PublicKey key() {
    return decodeKey(publicKey);
  }

  /**
   * Decodes an Ed25519 public key.
   *
   * @param encoded the key's X.509 encoding
   * @return the key
   * @throws IllegalArgumentException if the bytes are not an Ed25519 public key
   */
  public static PublicKey decodeKey(byte[] encoded) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the fingerprint of the public key, as OpenSSH writes them.
   *
   * @return {@code SHA256:} and the unpadded Base64 of the SHA-256 of the encoded key
   */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  /**
   * Returns the fingerprint of an encoded public key.
   *
   * @param encodedKey an X.509 encoded public key
   * @return {@code SHA256:} and the unpadded Base64 of the SHA-256 of the key
   */
  public static String fingerprint(byte[] encodedKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(encodedKey);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CommitSignature that && Arrays.equals(publicKey, that.publicKey)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(publicKey) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "CommitSignature[" + fingerprint() + "]";
  }
}
