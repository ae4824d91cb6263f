package io.prolly.tck;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * One commit of the crash test, built so that a partly applied commit is detectable: it writes
 * N new nodes, a new scratch node, deletes the previous commit's scratch node, and writes a
 * manifest node listing all of that plus the previous manifest. Ref {@value #HEAD} moves to the
 * manifest by compare-and-set, and ref {@code crash/commit/<number>} is created pointing to it.
 *
 * <p>So after a crash the store must hold exactly the nodes of the manifest chain from
 * {@value #HEAD}, the scratch node of the head only, and one {@code crash/commit/} ref per
 * manifest: any leftover or missing node or ref is a torn commit.
 *
 * @param number the commit's number, 1 for the first
 * @param previous the previous commit's manifest id, null for the first
 * @param previousScratch the previous commit's scratch node, deleted by this commit
 * @param scratch this commit's scratch node, deleted by the next
 * @param nodes the ids of this commit's new nodes
 */
record CrashBatch(long number, @Nullable Hash previous, @Nullable Hash previousScratch, Hash scratch,
    List<Hash> nodes) {

  static final String HEAD = "crash/head";
  static final String COMMIT_PREFIX = "crash/commit/";
  private static final String MAGIC = "prolly-crash-manifest";

  /** The manifest node's bytes. */
  byte[] manifest() {
    StringBuilder text = new StringBuilder(MAGIC).append('\n')
        .append("commit ").append(number).append('\n')
        .append("previous ").append(previous == null ? "-" : previous.toHex()).append('\n')
        .append("previousScratch ").append(previousScratch == null ? "-" : previousScratch.toHex()).append('\n')
        .append("scratch ").append(scratch.toHex()).append('\n');
    nodes.forEach(id -> text.append("node ").append(id.toHex()).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  Hash manifestId() {
    return Hash.of(manifest());
  }

  static String commitRef(long number) {
    return COMMIT_PREFIX + number;
  }

  /**
   * Reads a manifest node.
   *
   * @throws AssertionError if the bytes are not a manifest
   */
  static CrashBatch parse(Hash id, byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length < 5 || !lines[0].equals(MAGIC)) {
      throw new AssertionError("node " + id.toShortHex() + " should be a crash-test manifest but is not");
    }
    List<Hash> nodes = new ArrayList<>();
    for (int i = 5; i < lines.length; i++) {
      nodes.add(Hash.parse(field(lines[i], "node")));
    }
    return new CrashBatch(Long.parseLong(field(lines[1], "commit")), optionalHash(field(lines[2], "previous")),
        optionalHash(field(lines[3], "previousScratch")), Hash.parse(field(lines[4], "scratch")), nodes);
  }

  /**
   * Makes the next commit after {@code previous} (null for the first) and stages it.
   *
   * @return the staged batch
   */
  static CrashBatch stageNext(WriteTransaction tx, @Nullable CrashBatch previous, Random random) {
    long number = previous == null ? 1 : previous.number() + 1;
    Map<Hash, byte[]> nodes = new LinkedHashMap<>();
    int count = 1 + random.nextInt(20);
    for (int i = 0; i < count; i++) {
      // Now and then a big node, so that a kill often lands inside a commit's write.
      int size = random.nextInt(10) == 0 ? 256 * 1024 + random.nextInt(256 * 1024) : random.nextInt(16 * 1024);
      byte[] node = content("commit " + number + " node " + i, size, random);
      nodes.put(Hash.of(node), node);
    }
    byte[] scratch = content("commit " + number + " scratch", random.nextInt(100), random);
    CrashBatch batch = new CrashBatch(number, previous == null ? null : previous.manifestId(),
        previous == null ? null : previous.scratch(), Hash.of(scratch), List.copyOf(nodes.keySet()));
    tx.putAll(nodes);
    tx.put(batch.scratch(), scratch);
    if (batch.previousScratch() != null) {
      tx.delete(batch.previousScratch());
    }
    byte[] manifest = batch.manifest();
    tx.put(batch.manifestId(), manifest);
    tx.setRef(HEAD, batch.previous(), batch.manifestId());
    tx.setRef(commitRef(number), null, batch.manifestId());
    return batch;
  }

  /** Reads the batch the head ref points to, or null in an empty store. */
  static @Nullable CrashBatch head(ReadTransaction tx) {
    Hash head = tx.ref(HEAD);
    return head == null ? null : read(tx, head);
  }

  /**
   * Reads and checks a manifest.
   *
   * @throws AssertionError if it is missing or its bytes do not hash to its id
   */
  static CrashBatch read(ReadTransaction tx, Hash id) {
    byte[] bytes = tx.get(id);
    if (bytes == null) {
      throw new AssertionError("manifest " + id.toShortHex() + " is missing");
    }
    if (!Hash.of(bytes).equals(id)) {
      throw new AssertionError("manifest " + id.toShortHex() + " has bytes that hash to " + Hash.of(bytes).toShortHex());
    }
    return parse(id, bytes);
  }

  private static byte[] content(String label, int randomBytes, Random random) {
    byte[] prefix = (label + " " + random.nextLong() + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] node = new byte[prefix.length + randomBytes];
    System.arraycopy(prefix, 0, node, 0, prefix.length);
    byte[] tail = new byte[randomBytes];
    random.nextBytes(tail);
    System.arraycopy(tail, 0, node, prefix.length, randomBytes);
    return node;
  }

  private static String field(String line, String name) {
    if (!line.startsWith(name + " ")) {
      throw new AssertionError("manifest line '" + line + "' should start with '" + name + " '");
    }
    return line.substring(name.length() + 1);
  }

  private static @Nullable Hash optionalHash(String text) {
    return text.equals("-") ? null : Hash.parse(text);
  }
}
