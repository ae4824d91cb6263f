package io.prolly.commit;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One commit: the root of the namespace registry it records, its parents (none for a first
 * commit, two or more for a merge), who made it, why, when, and free-form metadata.
 *
 * <p>A commit is stored as a node whose id is the hash of its {@linkplain #encode() encoding}, so
 * the same commit always has the same id. Timestamps keep millisecond precision.
 *
 * @param root the namespace registry root this commit records
 * @param parents parent commit ids, first parent first
 * @param author who made the commit, 1 to {@value #MAX_AUTHOR_BYTES} UTF-8 bytes
 * @param message why, up to {@value #MAX_MESSAGE_BYTES} UTF-8 bytes
 * @param timestamp when, truncated to milliseconds
 * @param metadata string pairs for the application, sorted by key
 * @param signature the author's Ed25519 signature over the unsigned commit, or null
 */
public record Commit(
    Hash root, List<Hash> parents, String author, String message, Instant timestamp,
    SortedMap<String, String> metadata, @Nullable CommitSignature signature) {

  /** The longest author, in UTF-8 bytes. */
  public static final int MAX_AUTHOR_BYTES = 1024;

  /** The longest message, in UTF-8 bytes. */
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** The longest metadata key, in UTF-8 bytes. */
  public static final int MAX_METADATA_KEY_BYTES = 1024;

  /** The longest metadata value, in UTF-8 bytes. */
  public static final int MAX_METADATA_VALUE_BYTES = 64 * 1024;

  /** The most metadata entries. */
  public static final int MAX_METADATA_ENTRIES = 1024;

  /**
   * Creates a commit, checking every field.
   *
   * @throws IllegalArgumentException if a field is null, too long, or a parent is repeated
   */
  public Commit {
    require(root != null, "commit root is null");
    require(parents != null && parents.stream().allMatch(p -> p != null), "commit parents must be non-null: %s", parents);
    require(parents.stream().distinct().count() == parents.size(), "commit lists a parent twice: %s", parents);
    checkAuthor(author);
    require(message != null, "commit message is null; use \"\" for none");
    require(utf8Length(message) <= MAX_MESSAGE_BYTES, "commit message is over %d UTF-8 bytes", MAX_MESSAGE_BYTES);
    require(timestamp != null, "commit timestamp is null");
    require(metadata != null, "commit metadata is null; use an empty map");
    require(metadata.size() <= MAX_METADATA_ENTRIES, "commit metadata has %d entries; the limit is %d",
        metadata.size(), MAX_METADATA_ENTRIES);
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      require(entry.getKey() != null && !entry.getKey().isEmpty()
          && utf8Length(entry.getKey()) <= MAX_METADATA_KEY_BYTES,
          "commit metadata key '%s' must be 1 to %d UTF-8 bytes", entry.getKey(), MAX_METADATA_KEY_BYTES);
      require(entry.getValue() != null && utf8Length(entry.getValue()) <= MAX_METADATA_VALUE_BYTES,
          "commit metadata value of '%s' must be non-null and at most %d UTF-8 bytes",
          entry.getKey(), MAX_METADATA_VALUE_BYTES);
    }
    parents = List.copyOf(parents);
    timestamp = Instant.ofEpochMilli(timestamp.toEpochMilli());
    metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
  }

  /**
   * Creates an unsigned commit, checking every field.
   *
   * @throws IllegalArgumentException if a field is null, too long, or a parent is repeated
   */
  public Commit(Hash root, List<Hash> parents, String author, String message, Instant timestamp,
      SortedMap<String, String> metadata) {
    this(root, parents, author, message, timestamp, metadata, null);
  }

  /**
   * Returns this commit without its signature: the commit a signature covers.
   *
   * @return the unsigned commit; this one if it is unsigned
   */
  public Commit unsigned() {
    return signature == null ? this : new Commit(root, parents, author, message, timestamp, metadata);
  }

  /**
   * Returns this commit signed, replacing any signature it has.
   *
   * @param keys an Ed25519 key pair
   * @return the signed commit, whose id differs from the unsigned one's
   * @throws IllegalArgumentException if the keys are not Ed25519 keys
   */
  public Commit signedWith(KeyPair keys) {
    Commit unsigned = unsigned();
    return new Commit(root, parents, author, message, timestamp, metadata,
        CommitSignature.sign(unsigned.encode(), keys));
  }

  /**
   * Tells whether this commit carries a signature that its key made over exactly its content.
   *
   * @return false for an unsigned commit or a signature that does not match
   */
  public boolean signatureVerifies() {
    return signature != null && signature.verifies(unsigned().encode());
  }

  /**
   * Checks an author.
   *
   * @param author who makes commits
   * @return the author
   * @throws IllegalArgumentException if the author is null, empty or over {@value #MAX_AUTHOR_BYTES} UTF-8 bytes
   */
  public static String checkAuthor(String author) {
    require(author != null && !author.isEmpty(), "commit author is empty; say who makes the commit");
    require(utf8Length(author) <= MAX_AUTHOR_BYTES, "commit author is over %d UTF-8 bytes", MAX_AUTHOR_BYTES);
    return author;
  }

  /**
   * Reads a commit node.
   *
   * @param id the node's id, named in the error if the bytes are not a commit
   * @param node the node's bytes
   * @return the commit
   * @throws io.prolly.error.CorruptNodeException if the bytes are not a well-formed commit
   */
  public static Commit decode(Hash id, byte[] node) {
    return CommitFormat.decode(id, node);
  }

  /**
   * Returns the node bytes of this commit: deterministic, so equal commits have equal ids.
   *
   * @return the encoding
   */
  public byte[] encode() {
    return CommitFormat.encode(this);
  }

  /**
   * Returns the id of this commit's node.
   *
   * @return the hash of {@link #encode()}
   */
  public Hash id() {
    return Hash.of(encode());
  }

  /**
   * Stores this commit as a node, encoding it once.
   *
   * @param tx the transaction to store it in
   * @return its id
   */
  public Hash writeTo(WriteTransaction tx) {
    byte[] node = encode();
    Hash id = Hash.of(node);
    tx.put(id, node);
    return id;
  }

  /**
   * Tells whether this commit merges other commits.
   *
   * @return true if it has two or more parents
   */
  public boolean isMerge() {
    return parents.size() > 1;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void require(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(template, args));
    }
  }
}
