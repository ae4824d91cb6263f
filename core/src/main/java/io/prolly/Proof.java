package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.InvalidProofException;
import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Merkle proof that under a commit, a key of a namespace has a value, or is absent: the commit
 * node and every node a lookup of the key reads, from the namespace registry's root down to the
 * key's leaf (and the chunks of a large value). Anyone who trusts only the commit's hash can
 * {@linkplain #verify check it} without a repository: every node is identified by the hash of its
 * bytes, so a proof whose lookup succeeds from the trusted hash cannot have been altered.
 *
 * <p>Made by {@link Repository#prove}; sent as {@link #toBytes()} and read back with
 * {@link #fromBytes}. Immutable and thread-safe.
 */
public final class Proof {

  private static final int MAGIC = 0x5052_4f46; // "PROF"
  private static final byte VERSION = 1;

  private final Hash commit;
  private final String namespace;
  private final String key;
  private final List<byte[]> nodes;

  private Proof(Hash commit, String namespace, String key, List<byte[]> nodes) {
    this.commit = commit;
    this.namespace = namespace;
    this.key = key;
    this.nodes = nodes;
  }

  static Proof prove(NodeStore store, Hash commit, Namespace namespace, String key) {
    byte[] encodedKey = StoreKeys.encode(key);
    try (ReadTransaction tx = store.beginRead()) {
      RecordingReads reads = RecordingReads.recording(tx);
      lookup(reads, commit, namespace, encodedKey);
      return new Proof(commit, namespace.path(), key, List.copyOf(reads.nodes().values()));
    }
  }

  /**
   * Checks the proof against a commit hash the caller trusts and returns what it proves.
   *
   * @param trustedCommit the commit the caller trusts, for example the head of a branch it was
   *     told by a party it trusts
   * @return the key's value under that commit, or null if the proof shows the key is absent
   * @throws InvalidProofException if the proof was made for another commit, or a node is altered
   *     or missing; nothing it says can be trusted then
   * @throws IllegalArgumentException if {@code trustedCommit} is null
   */
  public byte @Nullable [] verify(Hash trustedCommit) {
    if (trustedCommit == null) {
      throw new IllegalArgumentException("trustedCommit is null; pass the commit id you trust");
    }
    if (!trustedCommit.equals(commit)) {
      throw new InvalidProofException("this proof is for commit " + commit.toShortHex() + ", not the trusted "
          + trustedCommit.toShortHex() + "; ask for a proof under the commit you trust", null);
    }
    Map<Hash, byte[]> byHash = new HashMap<>();
    for (byte[] node : nodes) {
      byHash.put(Hash.of(node), node);
    }
    try {
      return lookup(RecordingReads.replaying(byHash), commit, new Namespace(namespace), StoreKeys.encode(key));
    } catch (CorruptNodeException | IllegalArgumentException | IllegalStateException e) {
      throw new InvalidProofException("the proof of key '" + key + "' under commit " + commit.toShortHex()
          + " does not hold: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the commit this proof is about.
   *
   * @return the commit id
   */
  public Hash commit() {
    return commit;
  }

  /**
   * Returns the namespace of the key.
   *
   * @return the namespace path, {@code ""} for the root namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Returns the key the proof is about.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns how many nodes the proof carries.
   *
   * @return the node count: the commit, a path through the registry and through the namespace
   */
  public int nodeCount() {
    return nodes.size();
  }

  /**
   * Encodes the proof to send it: a magic number, a format version, the commit, the namespace, the
   * key, then each node with its length.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.write(commit.toBytes());
      writeString(out, namespace);
      writeString(out, key);
      out.writeInt(nodes.size());
      for (byte[] node : nodes) {
        out.writeInt(node.length);
        out.write(node);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a proof sent as {@link #toBytes()}. Reading checks only the framing; {@link #verify}
   * decides whether to believe it.
   *
   * @param bytes the encoded proof
   * @return the proof
   * @throws IllegalArgumentException if the bytes are null or not a proof of this format
   */
  public static Proof fromBytes(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("proof bytes are null");
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC || in.readByte() != VERSION) {
        throw new IllegalArgumentException("these bytes are not a Prolly proof of format version " + VERSION);
      }
      byte[] commit = new byte[Hash.LENGTH];
      in.readFully(commit);
      String namespace = readString(in, bytes.length);
      String key = readString(in, bytes.length);
      int count = in.readInt();
      if (count < 1 || count > bytes.length) {
        throw new IllegalArgumentException("proof claims " + count + " nodes in " + bytes.length + " bytes");
      }
      List<byte[]> nodes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IllegalArgumentException("proof node " + i + " claims " + length + " bytes; the proof is cut short");
        }
        byte[] node = new byte[length];
        in.readFully(node);
        nodes.add(node);
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("proof has " + in.available() + " bytes after its last node");
      }
      return new Proof(Hash.fromBytes(commit, 0), namespace, key, List.copyOf(nodes));
    } catch (IOException e) {
      throw new IllegalArgumentException("proof is cut short: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Proof(" + new Namespace(namespace).qualify(key) + " under " + commit.toShortHex() + ", " + nodes.size()
        + " nodes)";
  }

  /** Looks a key up under a commit, reading every node through {@code reads}. */
  private static byte @Nullable [] lookup(ReadTransaction reads, Hash commitId, Namespace namespace, byte[] key) {
    byte[] node = reads.get(commitId);
    if (node == null) {
      throw new CorruptNodeException(commitId, "commit " + commitId.toShortHex() + " is missing");
    }
    Commit commit = Commit.decode(commitId, node);
    TreeReader reader = new TreeReader(reads);
    byte[] stored = reader.get(NamespaceRegistry.at(commit.root()), namespace.registryKey());
    return stored == null ? null : reader.get(Tree.fromBytes(stored), key);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in, int limit) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > limit) {
      throw new IllegalArgumentException("proof claims a string of " + length + " bytes");
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
