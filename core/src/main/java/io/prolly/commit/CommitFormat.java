package io.prolly.commit;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The byte layout of a commit node: version 1 for an unsigned commit, version 2 for a signed one,
 * which appends the signature to the same fields. All integers are big-endian; strings and byte
 * strings are a 4-byte length and the bytes (UTF-8 for strings).
 *
 * <pre>
 * "PCMT"  version:1  root:32
 * parentCount:4  parent:32 ...
 * timestampMillis:8
 * author  message
 * metadataCount:4  (key value) ...   keys strictly ascending
 * version 2 only:  algorithm ("Ed25519")  publicKey (X.509)  signature (64 bytes)
 * </pre>
 *
 * The signature covers the version-1 encoding of the same commit, so an unsigned commit and the
 * payload its signature covers are the same bytes.
 *
 * Decoding checks everything and accepts only the canonical encoding, so a node that decodes is
 * exactly the node its commit encodes to.
 */
final class CommitFormat {

  private static final byte[] MAGIC = {'P', 'C', 'M', 'T'};
  private static final byte UNSIGNED = 1;
  private static final byte SIGNED = 2;

  private CommitFormat() {}

  static byte[] encode(Commit commit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 32 * commit.parents().size());
    out.writeBytes(MAGIC);
    CommitSignature signature = commit.signature();
    out.write(signature == null ? UNSIGNED : SIGNED);
    out.writeBytes(commit.root().toBytes());
    writeInt(out, commit.parents().size());
    commit.parents().forEach(parent -> out.writeBytes(parent.toBytes()));
    writeLong(out, commit.timestamp().toEpochMilli());
    writeString(out, commit.author());
    writeString(out, commit.message());
    writeInt(out, commit.metadata().size());
    commit.metadata().forEach((key, value) -> {
      writeString(out, key);
      writeString(out, value);
    });
    if (signature != null) {
      writeString(out, CommitSignature.ALGORITHM);
      writeBytes(out, signature.publicKey());
      writeBytes(out, signature.signature());
    }
    return out.toByteArray();
  }

  static Commit decode(Hash id, byte[] node) {
    try {
      ByteBuffer in = ByteBuffer.wrap(node);
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw corrupt(id, "it does not start with the commit marker");
      }
      byte version = in.get();
      if (version != UNSIGNED && version != SIGNED) {
        throw corrupt(id, "its format version is " + version + "; this Prolly reads versions " + UNSIGNED + " and "
            + SIGNED + " (was the store written by a newer Prolly?)");
      }
      Hash root = readHash(in);
      int parentCount = readCount(in, id, 32);
      List<Hash> parents = new ArrayList<>(parentCount);
      for (int i = 0; i < parentCount; i++) {
        parents.add(readHash(in));
      }
      Instant timestamp = Instant.ofEpochMilli(in.getLong());
      String author = readString(in, id);
      String message = readString(in, id);
      int metadataCount = readCount(in, id, 8);
      SortedMap<String, String> metadata = new TreeMap<>();
      String previousKey = null;
      for (int i = 0; i < metadataCount; i++) {
        String key = readString(in, id);
        if (previousKey != null && previousKey.compareTo(key) >= 0) {
          throw corrupt(id, "its metadata keys are not in ascending order");
        }
        metadata.put(key, readString(in, id));
        previousKey = key;
      }
      CommitSignature signature = null;
      if (version == SIGNED) {
        String algorithm = readString(in, id);
        if (!algorithm.equals(CommitSignature.ALGORITHM)) {
          throw corrupt(id, "it is signed with '" + algorithm + "'; this Prolly knows " + CommitSignature.ALGORITHM);
        }
        signature = new CommitSignature(readBytes(in, id), readBytes(in, id));
      }
      if (in.hasRemaining()) {
        throw corrupt(id, "it has " + in.remaining() + " bytes after its end");
      }
      return new Commit(root, parents, author, message, timestamp, metadata, signature);
    } catch (BufferUnderflowException e) {
      throw corrupt(id, "it is truncated");
    } catch (IllegalArgumentException e) {
      throw corrupt(id, e.getMessage());
    }
  }

  private static Hash readHash(ByteBuffer in) {
    byte[] bytes = new byte[Hash.LENGTH];
    in.get(bytes);
    return Hash.fromBytes(bytes);
  }

  /** Reads a count whose elements take at least {@code minBytesEach}, so a huge bogus count fails fast. */
  private static int readCount(ByteBuffer in, Hash id, int minBytesEach) {
    int count = in.getInt();
    if (count < 0 || (long) count * minBytesEach > in.remaining()) {
      throw corrupt(id, "it claims " + count + " entries but has only " + in.remaining() + " bytes left");
    }
    return count;
  }

  private static String readString(ByteBuffer in, Hash id) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw corrupt(id, "a string claims " + length + " bytes but " + in.remaining() + " are left");
    }
    ByteBuffer slice = in.slice().limit(length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw corrupt(id, "a string is not valid UTF-8");
    }
  }

  private static byte[] readBytes(ByteBuffer in, Hash id) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw corrupt(id, "a byte string claims " + length + " bytes but " + in.remaining() + " are left");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
    writeInt(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    writeInt(out, (int) (v >>> 32));
    writeInt(out, (int) v);
  }

  private static CorruptNodeException corrupt(Hash id, String why) {
    return new CorruptNodeException(id, "node " + id.toShortHex() + " is not a valid commit: " + why);
  }
}
