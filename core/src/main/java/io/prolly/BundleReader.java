package io.prolly;

import io.prolly.error.BundleException;
import io.prolly.spi.Hash;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads a bundle (see {@link BundleFormat}) as untrusted input, section by section: every size is
 * checked against its bound before anything is allocated, every node against its id, and the whole
 * against the trailer checksum; nothing may follow the end. Each problem is a
 * {@link BundleException} that says where the bundle went wrong.
 *
 * <p>Not thread-safe. Does not close the stream it reads; {@link #close()} frees the inflater.
 */
final class BundleReader implements AutoCloseable {

  private static final int BUFFER = 64 * 1024;
  private static final String NOTHING_IMPORTED = " Nothing was imported; export the bundle again or get an intact copy.";

  private final InputStream raw;
  private final Inflater inflater = new Inflater();
  private final MessageDigest digest = BundleFormat.checksum();
  private final DigestInputStream digesting;
  private final DataInputStream data;
  private String section = "the file header";
  private long nodeBytes;

  BundleReader(InputStream raw) {
    this.raw = raw;
    this.digesting = new DigestInputStream(new InflaterInputStream(raw, inflater, BUFFER), digest);
    this.data = new DataInputStream(digesting);
  }

  /** Reads the magic, the version and the header. */
  BundleFormat.Header header() {
    try {
      byte[] magic = raw.readNBytes(BundleFormat.MAGIC.length + 1);
      if (magic.length < BundleFormat.MAGIC.length
          || !Arrays.equals(magic, 0, BundleFormat.MAGIC.length, BundleFormat.MAGIC, 0, BundleFormat.MAGIC.length)) {
        throw new BundleException("this is not a Prolly bundle: it does not start with \"PBND\"." + NOTHING_IMPORTED);
      }
      if (magic.length == BundleFormat.MAGIC.length) {
        throw damaged("it ends after the magic bytes");
      }
      if (magic[BundleFormat.MAGIC.length] != BundleFormat.VERSION) {
        throw new BundleException("the bundle has format version " + magic[BundleFormat.MAGIC.length]
            + ", but this Prolly reads version " + BundleFormat.VERSION + "; import it with the Prolly version that "
            + "wrote it, or export it again with this one. Nothing was imported");
      }
      section = "the header";
      int refCount = count(data.readInt(), BundleFormat.MAX_REFS, "refs");
      SortedMap<String, Hash> refs = new TreeMap<>();
      for (int i = 0; i < refCount; i++) {
        String name = refName();
        if (!refs.isEmpty() && name.compareTo(refs.lastKey()) <= 0) {
          throw damaged("its refs are not in strictly ascending order at '" + name + "'");
        }
        refs.put(name, hash());
      }
      int prerequisiteCount = count(data.readInt(), BundleFormat.MAX_PREREQUISITES, "prerequisite commits");
      SortedSet<Hash> prerequisites = new TreeSet<>();
      for (int i = 0; i < prerequisiteCount; i++) {
        Hash prerequisite = hash();
        if (!prerequisites.isEmpty() && prerequisite.compareTo(prerequisites.last()) <= 0) {
          throw damaged("its prerequisite commits are not in strictly ascending order");
        }
        prerequisites.add(prerequisite);
      }
      long nodeCount = data.readLong();
      if (nodeCount < 0) {
        throw damaged("it declares " + nodeCount + " nodes");
      }
      return new BundleFormat.Header(refs, prerequisites, nodeCount);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Reads the nodes the header announced, handing each to {@code sink} once its hash is checked. */
  void nodes(BundleFormat.Header header, BiConsumer<Hash, byte[]> sink) {
    try {
      for (long i = 0; i < header.nodeCount(); i++) {
        section = "node " + (i + 1) + " of " + header.nodeCount();
        Hash id = hash();
        int length = data.readInt();
        if (length < 0 || length > BundleFormat.MAX_NODE_SIZE) {
          throw damaged("node " + id.toShortHex() + " claims " + length + " bytes; nodes have 0 to "
              + BundleFormat.MAX_NODE_SIZE);
        }
        byte[] node = new byte[length];
        data.readFully(node);
        Hash actual = Hash.of(node);
        if (!actual.equals(id)) {
          throw damaged("node " + id.toShortHex() + " hashes to " + actual.toShortHex());
        }
        nodeBytes += length;
        sink.accept(id, node);
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Reads the trailer and checks the checksum and the end of the file.
   *
   * @return the checksum
   */
  Hash trailer() {
    try {
      section = "the trailer";
      Hash expected = Hash.fromBytes(digest.digest());
      digesting.on(false);
      Hash stored = hash();
      if (!stored.equals(expected)) {
        throw damaged("its checksum is " + stored.toShortHex() + " but its content sums to " + expected.toShortHex());
      }
      section = "the end";
      if (data.read() != -1 || inflater.getRemaining() > 0 || raw.read() != -1) {
        throw damaged("more data follows its trailer");
      }
      return stored;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Bytes of the bundle file read so far. */
  long bundleBytes() {
    return BundleFormat.MAGIC.length + 1 + inflater.getBytesRead();
  }

  /** Bytes of nodes read so far. */
  long nodeBytes() {
    return nodeBytes;
  }

  @Override
  public void close() {
    inflater.end();
  }

  private String refName() throws IOException {
    int length = data.readUnsignedShort();
    if (length > BundleFormat.MAX_REF_BYTES) {
      throw damaged("a ref name claims " + length + " bytes; at most " + BundleFormat.MAX_REF_BYTES + " are allowed");
    }
    byte[] bytes = new byte[length];
    data.readFully(bytes);
    String name;
    try {
      name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw damaged("a ref name is not valid UTF-8");
    }
    try {
      return BundleFormat.checkRef(name);
    } catch (IllegalArgumentException e) {
      throw new BundleException("the bundle carries a ref this repository cannot hold: " + e.getMessage() + "."
          + NOTHING_IMPORTED, e);
    }
  }

  private Hash hash() throws IOException {
    byte[] bytes = new byte[Hash.LENGTH];
    data.readFully(bytes);
    return Hash.fromBytes(bytes);
  }

  private int count(int count, int max, String what) {
    if (count < 0 || count > max) {
      throw damaged("it declares " + count + " " + what + "; 0 to " + max + " are allowed");
    }
    return count;
  }

  private BundleException damaged(String what) {
    return new BundleException("the bundle is damaged in " + section + ": " + what + "." + NOTHING_IMPORTED);
  }

  private BundleException failure(IOException e) {
    if (e instanceof EOFException) {
      return new BundleException("the bundle is truncated: it ends inside " + section + "." + NOTHING_IMPORTED, e);
    }
    if (e instanceof ZipException) {
      return new BundleException("the bundle's compressed data is damaged in " + section + " (" + e.getMessage()
          + ")." + NOTHING_IMPORTED, e);
    }
    return new BundleException("reading the bundle failed in " + section + ": " + e + "." + NOTHING_IMPORTED, e);
  }
}
