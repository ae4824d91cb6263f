package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.RefName;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The wire format of the remote protocol, version 1, shared by {@link Remote} (the client) and
 * {@link RemoteEndpoint} (the server): see docs/protocol.md, which this class follows byte for
 * byte. All integers are big-endian; ids are 32 bytes; names are UTF-8 with a 2-byte length.
 * Everything read is untrusted: every count and length is checked against its bound before
 * anything is allocated, and every node against its id.
 */
final class RemoteProtocol {

  static final int VERSION = 1;
  static final String VERSION_HEADER = "Prolly-Protocol";
  static final String CAPABILITIES_HEADER = "Prolly-Capabilities";
  /** On a 409 answer to a push: {@code <ref name> <hex id or "absent">}, once per ref that moved. */
  static final String REF_HEADER = "Prolly-Ref";
  static final String BINARY = "application/x-prolly";
  static final String TEXT = "text/plain; charset=utf-8";

  /** Reading: refs, commits, nodes and have. Offered by every server. */
  static final String FETCH = "fetch";
  /** Writing refs: offered unless the server is read-only. */
  static final String PUSH = "push";
  /** A commits request with a depth, for shallow clones and fetches. Offered by every server. */
  static final String SHALLOW = "shallow";
  /** The depth of a shallow commits request that asks for the whole history. */
  static final int UNLIMITED_DEPTH = Integer.MAX_VALUE;
  /**
   * The {@code stream} request: every node some commits reach, children first, in one answer; what
   * a clone asks instead of level-by-level {@code nodes} requests. Offered by every server since it
   * was added.
   */
  static final String STREAM = "stream";
  /** Waiting for a branch to move: the {@code wait} request. Offered by every server since it was added. */
  static final String WATCH = "watch";
  /**
   * A commits request answered with the new commits' changed nodes too, so that a fetch asks for
   * them in one nodes request instead of one a level. Offered by every server since it was added.
   */
  static final String CHANGES = "changes";
  /** The most changed nodes a commits answer lists. */
  static final int MAX_CHANGES = 16384;

  /** Listed by a server that takes fewer ids a batch than {@link #MAX_BATCH}: {@code max-batch=N}. */
  static final String MAX_BATCH_CAPABILITY = "max-batch=";
  /** The most ids one have or nodes request may carry. */
  static final int MAX_BATCH = 65536;
  /** The most wanted commits of one commits request. */
  static final int MAX_WANTS = 1024;
  /** The most known commits of one commits request. */
  static final int MAX_HAVES = 65536;
  /** The most refs one push may move. */
  static final int MAX_PUSH_REFS = 1024;
  /** The most refs a listing may hold. */
  static final int MAX_LISTED_REFS = 1 << 20;
  static final int MAX_NODE_SIZE = NodeStore.MAX_NODE_SIZE;
  /** The zero id: ends a push's nodes, and stands for "absent" in a ref update. */
  static final Hash ZERO = Hash.fromBytes(new byte[Hash.LENGTH]);

  /** A request or reply that breaks the protocol, with the HTTP status a server answers it with. */
  static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Violation(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private RemoteProtocol() {}

  static Violation bad(String message) {
    return new Violation(400, message);
  }

  static Hash readHash(DataInputStream in) throws IOException {
    byte[] bytes = new byte[Hash.LENGTH];
    in.readFully(bytes);
    return Hash.fromBytes(bytes);
  }

  static int readCount(DataInputStream in, int min, int max, String what) throws IOException {
    int count = in.readInt();
    if (count < min || count > max) {
      // Both sides read counts with this: the message names no side, the caller's context does.
      throw bad("it declares " + Integer.toUnsignedString(count) + " " + what + "; " + min + " to " + max
          + " are allowed (a larger set takes several requests)");
    }
    return count;
  }

  static List<Hash> readIds(DataInputStream in, int min, int max, String what) throws IOException {
    int count = readCount(in, min, max, what);
    List<Hash> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(readHash(in));
    }
    return ids;
  }

  static void writeIds(DataOutputStream out, Collection<Hash> ids) throws IOException {
    out.writeInt(ids.size());
    for (Hash id : ids) {
      out.write(id.toBytes());
    }
  }

  /** Reads a ref name: 2-byte length, strict UTF-8, a valid branch or tag ref. */
  static String readRefName(DataInputStream in) throws IOException {
    return readRefName(in, RefName.MAX_BYTES);
  }

  /** Reads a ref name of at most {@code maxBytes}: 2-byte length, strict UTF-8, a valid branch or tag ref. */
  static String readRefName(DataInputStream in, int maxBytes) throws IOException {
    int length = in.readUnsignedShort();
    if (length == 0 || length > maxBytes) {
      throw bad("a ref name claims " + length + " bytes; names have 1 to " + maxBytes + " here");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    String name;
    try {
      name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw bad("a ref name is not valid UTF-8");
    }
    try {
      return BundleFormat.checkRef(name);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  static void writeRef(DataOutputStream out, String name, Hash id) throws IOException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
    out.write(id.toBytes());
  }

  static void writeRefs(DataOutputStream out, Map<String, Hash> refs) throws IOException {
    out.writeInt(refs.size());
    for (Map.Entry<String, Hash> ref : refs.entrySet()) {
      writeRef(out, ref.getKey(), ref.getValue());
    }
  }

  /**
   * Reads a node's length and bytes and checks them against the id read before.
   *
   * @throws Violation if the length is out of bounds or the bytes do not hash to the id
   */
  static byte[] readNode(DataInputStream in, Hash id) throws IOException {
    return readNode(in, id, MAX_NODE_SIZE);
  }

  /**
   * Reads a node's length and bytes, at most {@code maxBytes}, and checks them against the id read before.
   *
   * @throws Violation if the length is out of bounds or the bytes do not hash to the id
   */
  static byte[] readNode(DataInputStream in, Hash id, int maxBytes) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > maxBytes) {
      throw bad("node " + id.toShortHex() + " claims " + Integer.toUnsignedString(length) + " bytes; nodes have 0 to "
          + maxBytes + " here");
    }
    byte[] node = new byte[length];
    in.readFully(node);
    Hash actual = Hash.of(node);
    if (!actual.equals(id)) {
      throw bad("node " + id.toShortHex() + " hashes to " + actual.toShortHex() + "; its bytes are not the node its id "
          + "names");
    }
    return node;
  }

  static boolean isEnd(IOException e) {
    return e instanceof EOFException;
  }
}
