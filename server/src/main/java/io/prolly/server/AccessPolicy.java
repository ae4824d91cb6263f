package io.prolly.server;

import io.prolly.spi.support.Arguments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who may do what: bearer tokens, each known only by the SHA-256 of its bytes and granting an
 * {@link Access} to the repositories its glob matches, and the access of a request without a
 * token. A presented token is hashed and compared with every grant in constant time, so neither
 * the answer's content nor its timing tells how much of a guess was right. No token, and no part
 * of one, ever appears in a message.
 */
final class AccessPolicy {

  /** One grant: a token's name (for messages), its scope, the repositories it opens, its hash. */
  record Grant(String name, Access access, Pattern repositories, byte[] hash) {}

  /** The outcome for one request: the access granted, and who asked, for messages. */
  record Decision(Access access, @Nullable String token) {}

  /** A request refused before it reaches a repository: 401 (with a challenge) or 403. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._*?-]{1,64}");
  private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
  /** The longest token presented that is hashed at all: longer ones are refused unread. */
  private static final int MAX_TOKEN = 4096;

  private final List<Grant> grants;
  private final Access anonymous;

  AccessPolicy(List<Grant> grants, Access anonymous) {
    this.grants = List.copyOf(grants);
    this.anonymous = anonymous;
  }

  boolean hasTokens() {
    return !grants.isEmpty();
  }

  Access anonymous() {
    return anonymous;
  }

  /**
   * A grant from its parts, checked.
   *
   * @throws IllegalArgumentException if a part is malformed, saying which
   */
  static Grant grant(String name, Access access, String repositories, String sha256Hex) {
    Arguments.notNull(name, "name");
    Arguments.notNull(access, "access");
    Arguments.notNull(repositories, "repositories");
    Arguments.notNull(sha256Hex, "sha256Hex");
    Arguments.check(NAME.matcher(name).matches(), "token name '" + name + "' is not 1 to 64 letters, digits, '.', "
        + "'_', '@' and '-'");
    Arguments.check(access != Access.NONE, "token '" + name + "' grants no access; give read or read-write");
    Arguments.check(GLOB.matcher(repositories).matches(), "token '" + name + "': '" + repositories + "' is not a "
        + "repository name or a glob of one ('*' any characters, '?' one), such as * or team-*");
    Arguments.check(HASH.matcher(sha256Hex).matches(), "token '" + name + "': the hash is not 64 hexadecimal digits; "
        + "give the SHA-256 of the token, such as printf %s \"$TOKEN\" | sha256sum prints");
    return new Grant(name, access, glob(repositories), HexFormat.of().parseHex(sha256Hex.toLowerCase()));
  }

  /**
   * Reads a token file: one grant a line, {@code NAME SCOPE REPOSITORIES SHA256}, scope
   * {@code read} or {@code read-write}; blank lines and lines starting with '#' are skipped.
   *
   * @throws IllegalArgumentException naming the line that is malformed
   * @throws UncheckedIOException if the file cannot be read
   */
  static List<Grant> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file + ": " + e.getMessage(), e);
    }
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      String where = file + " line " + (i + 1);
      if (fields.length != 4) {
        throw new IllegalArgumentException(where + " has " + fields.length + " fields; give NAME SCOPE REPOSITORIES "
            + "SHA256, such as: ci read-write * " + "0".repeat(64));
      }
      try {
        grants.add(grant(fields[0], Access.parse(fields[1]), fields[2], fields[3]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return grants;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }

  /**
   * Decides a request's access to a repository from its {@code Authorization} header.
   *
   * @throws Refusal 401 if a token is malformed or unknown, or none is given where one is needed;
   *     403 if a known token grants nothing on this repository
   */
  Decision decide(@Nullable String authorization, String repository) {
    if (authorization == null) {
      if (anonymous == Access.NONE) {
        throw new Refusal(401, "this server needs a token for '" + repository + "'; send Authorization: Bearer "
            + "TOKEN (prolly: set PROLLY_TOKEN or give --token-file), with a token from the server's operator");
      }
      return new Decision(anonymous, null);
    }
    String value = authorization.strip();
    if (value.equalsIgnoreCase("Bearer")) {
      throw new Refusal(401, "the bearer token is empty; send the token the server's operator issued");
    }
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Refusal(401, "the Authorization header is not 'Bearer TOKEN'; this server takes bearer tokens only");
    }
    String token = value.substring(7).strip();
    if (token.isEmpty() || token.length() > MAX_TOKEN) {
      throw new Refusal(401, "the bearer token is empty or longer than " + MAX_TOKEN + " characters; send the token "
          + "the server's operator issued");
    }
    byte[] presented = sha256(token.getBytes(StandardCharsets.UTF_8));
    Grant matched = null;
    Access access = Access.NONE;
    // Every grant is compared, matched or not, so that the time taken does not depend on which one matches.
    for (Grant grant : grants) {
      if (MessageDigest.isEqual(grant.hash(), presented)) {
        if (matched == null) {
          matched = grant;
        }
        if (grant.repositories().matcher(repository).matches() && grant.access().compareTo(access) > 0) {
          access = grant.access();
        }
      }
    }
    if (matched == null) {
      throw new Refusal(401, "the bearer token is not valid on this server (unknown, revoked, or mistyped); ask the "
          + "server's operator for a token");
    }
    if (anonymous.compareTo(access) > 0) {
      access = anonymous;
    }
    if (access == Access.NONE) {
      throw new Refusal(403, "token '" + matched.name() + "' grants no access to repository '" + repository + "'");
    }
    return new Decision(access, matched.name());
  }
}
