package io.prolly.cli;

import io.prolly.CommitSigning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key files of signed commits, in OpenSSH's spirit: a private key as PEM PKCS#8
 * ({@code KEY}), its public key as one line {@code ed25519 BASE64 COMMENT} ({@code KEY.pub}), and
 * a file of trusted signers, one {@code NAME ed25519 BASE64} per line (as git's allowed signers),
 * {@code #} starting a comment. Base64 is of the X.509 encoding of the public key.
 */
final class KeyFiles {

  private static final String TYPE = "ed25519";
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private KeyFiles() {}

  /** The public key file beside a private key file. */
  static Path publicKeyFile(Path privateKey) {
    return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
  }

  /** Writes a new key pair, refusing to replace a file; the private key is readable by its owner only. */
  static void write(Path privateKey, KeyPair keys, String comment) throws IOException {
    Path publicKey = publicKeyFile(privateKey);
    for (Path file : List.of(privateKey, publicKey)) {
      if (Files.exists(file)) {
        throw new UserException(ExitCodes.USAGE, file + " exists; choose another file or delete it first");
      }
    }
    String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(keys.getPrivate().getEncoded()) + "\n" + END + "\n";
    try {
      Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(privateKey);
    } catch (FileAlreadyExistsException raced) {
      throw new UserException(ExitCodes.USAGE, privateKey + " exists; choose another file or delete it first");
    }
    Files.writeString(privateKey, pem, StandardOpenOption.TRUNCATE_EXISTING);
    Files.writeString(publicKey, publicKeyLine(keys.getPublic()) + (comment.isBlank() ? "" : " " + comment) + "\n",
        StandardOpenOption.CREATE_NEW);
  }

  /** {@code ed25519 BASE64}: a public key as the {@code .pub} and trusted-keys files write it. */
  static String publicKeyLine(PublicKey key) {
    return TYPE + " " + Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Reads a private key file and the public key file beside it. */
  static KeyPair read(Path privateKey) {
    String pem = readFile(privateKey, "signing key");
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new UserException(ExitCodes.USAGE, privateKey + " is not a PEM private key (" + BEGIN + "); make one "
          + "with 'prolly keygen " + privateKey + "'");
    }
    PrivateKey secret;
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
      secret = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UserException(ExitCodes.USAGE, privateKey + " does not hold an Ed25519 private key: " + e.getMessage());
    }
    Path publicFile = publicKeyFile(privateKey);
    String[] fields = readFile(publicFile, "public key (written beside the private key by prolly keygen)").trim()
        .split("\\s+");
    return new KeyPair(publicKey(fields, 0, publicFile + ":1"), secret);
  }

  /** Reads a trusted-keys file: name to key, in file order. */
  static Map<String, PublicKey> readTrusted(Path file) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    List<String> lines = readFile(file, "trusted keys").lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      if (fields.length < 3) {
        throw new UserException(ExitCodes.USAGE, file + ":" + (i + 1) + ": expected 'NAME ed25519 BASE64', as "
            + "'alice@example.com " + TYPE + " MCowBQYDK2VwAyEA...' (the .pub file's line after a name)");
      }
      keys.put(fields[0], publicKey(fields, 1, file + ":" + (i + 1)));
    }
    return keys;
  }

  private static PublicKey publicKey(String[] fields, int at, String where) {
    if (fields.length < at + 2 || !fields[at].equals(TYPE)) {
      throw new UserException(ExitCodes.USAGE, where + ": expected '" + TYPE + " BASE64'");
    }
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(fields[at + 1])));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UserException(ExitCodes.USAGE, where + ": not an Ed25519 public key: " + e.getMessage());
    }
  }

  private static String readFile(Path file, String what) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no " + what + " file " + file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + what + " file " + file, e);
    }
  }

  /** The fingerprint log and verify show for a key. */
  static String fingerprint(PublicKey key) {
    return CommitSigning.fingerprint(key);
  }
}
