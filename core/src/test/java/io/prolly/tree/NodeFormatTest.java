package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class NodeFormatTest {

  private static final Hash ID = Hash.of(new byte[] {42});

  @Property(tries = 200)
  void aLeafReadsBackItsEntriesAndFindsKeysInPlace(@ForAll("leafEntries") NavigableMap<byte[], byte[]> entries,
      @ForAll @Size(max = 20) List<@Size(max = 6) byte[]> probes) {
    List<byte[]> stored = entries.values().stream().map(StoredValue::inline).toList();
    byte[] encoded = NodeFormat.encode(0, new ArrayList<>(entries.keySet()), stored);
    Node node = Node.decode(ID, encoded);
    assertThat(node.isLeaf()).isTrue();
    assertThat(node.size()).isEqualTo(entries.size());
    assertThat(node.count()).isEqualTo(entries.size());
    int i = 0;
    for (var entry : entries.entrySet()) {
      assertThat(node.key(i)).isEqualTo(entry.getKey());
      assertThat(StoredValue.inlineBytes(node.value(i))).isEqualTo(entry.getValue());
      i++;
    }
    List<byte[]> keys = new ArrayList<>(entries.keySet());
    for (byte[] probe : probes) {
      assertThat(node.lowerBound(probe)).isEqualTo(entries.headMap(probe, false).size());
    }
    for (byte[] key : keys) {
      assertThat(node.lowerBound(key)).isEqualTo(keys.indexOf(key));
    }
  }

  @Property(tries = 200)
  void anInternalNodeReadsBackChildrenAndCounts(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1) Integer> counts,
      @ForAll @IntRange(min = 1, max = 20) int level) {
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      keys.add(String.format("key%04d", i).getBytes());
      values.add(new ChildRef(Hash.of(keys.get(i)), counts.get(i) * 1000L).toValue());
    }
    Node node = Node.decode(ID, NodeFormat.encode(level, keys, values));
    assertThat(node.level()).isEqualTo(level);
    long before = 0;
    for (int i = 0; i < counts.size(); i++) {
      assertThat(node.key(i)).isEqualTo(keys.get(i));
      assertThat(node.child(i)).isEqualTo(Hash.of(keys.get(i)));
      assertThat(node.childCount(i)).isEqualTo(counts.get(i) * 1000L);
      assertThat(node.countBefore(i)).isEqualTo(before);
      assertThat(node.childHolding(before)).isEqualTo(i);
      assertThat(node.entryValue(i)).isEqualTo(values.get(i));
      before += counts.get(i) * 1000L;
      assertThat(node.childHolding(before - 1)).isEqualTo(i);
    }
    assertThat(node.count()).isEqualTo(before);
  }

  @Example
  void theLeafLayoutIsTheDocumentedOne() {
    BlobRef blob = new BlobRef(Hash.of(bytes("blob")), 0x1234);
    byte[] node = NodeFormat.encode(0, List.of(bytes("a"), bytes("bc")),
        List.of(StoredValue.inline(bytes("xyz")), blob.toStored()));
    byte[] expected = new byte[5 + 8 + 3 + 4 + 41];
    System.arraycopy(new byte[] {
        1, 0, 0, 0, 2, // version, kind (tree), level, entry count
        0, 1, 0, 3, // key ends
        0, 4, 0, 45, // value ends
        'a', 'b', 'c', 0, 'x', 'y', 'z', // keys, then the inline value with its tag
        1}, 0, expected, 0, 21); // the tag of a blob reference
    blob.root().writeTo(expected, 21);
    expected[expected.length - 2] = 0x12; // the blob's length, as 8 bytes
    expected[expected.length - 1] = 0x34;
    assertThat(node).containsExactly(expected);
    assertThat(NodeFormat.references(ID, node)).containsExactly(blob.root());
  }

  @Example
  void theInternalLayoutIsTheDocumentedOne() {
    Hash child = Hash.of(bytes("child"));
    byte[] node = NodeFormat.encode(2, List.of(bytes("k")), List.of(new ChildRef(child, 300).toValue()));
    byte[] expected = new byte[5 + 2 + 1 + 32 + 2];
    System.arraycopy(new byte[] {1, 0, 2, 0, 1, 0, 1, 'k'}, 0, expected, 0, 8);
    child.writeTo(expected, 8);
    expected[40] = (byte) 0xAC; // 300 = 0b10_0101100: low seven bits with the continuation bit
    expected[41] = 0x02;
    assertThat(node).containsExactly(expected);
    assertThat(NodeFormat.references(ID, node)).containsExactly(child);
  }

  @Example
  void theBlobLayoutsAreTheDocumentedOnes() {
    byte[] chunk = NodeFormat.encodeBlobChunk(bytes("--abc--"), 2, 5);
    assertThat(chunk).containsExactly(1, 1, 'a', 'b', 'c'); // version, kind (chunk), data
    BlobNode decodedChunk = BlobNode.decode(ID, chunk);
    assertThat(decodedChunk.isChunk()).isTrue();
    assertThat(decodedChunk.length()).isEqualTo(3);
    assertThat(NodeFormat.references(ID, chunk)).isEmpty();

    Hash first = Hash.of(bytes("first"));
    Hash second = Hash.of(bytes("second"));
    byte[] index = NodeFormat.encodeBlobIndex(1,
        List.of(new ChildRef(first, 300).toValue(), new ChildRef(second, 5).toValue()));
    byte[] expected = new byte[5 + 64 + 3];
    System.arraycopy(new byte[] {1, 2, 1, 0, 2}, 0, expected, 0, 5); // version, kind (index), level, children
    first.writeTo(expected, 5);
    second.writeTo(expected, 37);
    System.arraycopy(new byte[] {(byte) 0xAC, 0x02, 5}, 0, expected, 69, 3); // bytes under each child
    assertThat(index).containsExactly(expected);
    BlobNode decodedIndex = BlobNode.decode(ID, index);
    assertThat(decodedIndex.length()).isEqualTo(305);
    assertThat(decodedIndex.childLength(0)).isEqualTo(300);
    assertThat(NodeFormat.references(ID, index)).containsExactly(first, second);
  }

  @Example
  void aNodeOfTheWrongKindIsReportedAsCorruption() {
    byte[] chunk = NodeFormat.encodeBlobChunk(bytes("abc"), 0, 3);
    assertThatThrownBy(() -> Node.decode(ID, chunk)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("not a tree node");
    assertThatThrownBy(() -> BlobNode.decode(ID, validLeaf())).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("kind 0");
    byte[] badTag = NodeFormat.encode(0, List.of(bytes("k")), List.of(StoredValue.inline(bytes("v"))));
    badTag[badTag.length - 2] = 7;
    assertThatThrownBy(() -> Node.decode(ID, badTag)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("unknown tag 7");
  }

  @Property(tries = 300)
  void damagedBlobNodesFailOnlyWithCorruptNodeException(@ForAll("damage") int[] damage, @ForAll boolean chunk) {
    byte[] node = chunk ? NodeFormat.encodeBlobChunk(bytes("some bytes"), 0, 10) : NodeFormat.encodeBlobIndex(2,
        List.of(new ChildRef(Hash.of(bytes("a")), 70_000).toValue(), new ChildRef(Hash.of(bytes("b")), 9).toValue()));
    for (int i = 0; i + 1 < damage.length; i += 2) {
      node[Math.floorMod(damage[i], node.length)] = (byte) damage[i + 1];
    }
    BlobNode decoded;
    try {
      decoded = BlobNode.decode(ID, node);
    } catch (CorruptNodeException expected) {
      return;
    }
    for (int i = 0; i < decoded.size(); i++) {
      decoded.child(i);
      decoded.childLength(i);
    }
    if (decoded.isChunk()) {
      decoded.copyData(0, new byte[(int) decoded.length()], 0, (int) decoded.length());
    }
  }

  @Example
  void theEmptyTreeRootIsALeafWithoutEntries() {
    Node empty = Node.decode(NodeFormat.EMPTY_LEAF_HASH, NodeFormat.EMPTY_LEAF);
    assertThat(empty.size()).isZero();
    assertThat(empty.lowerBound(bytes("x"))).isZero();
    assertThat(NodeFormat.encode(0, List.of(), List.of())).isEqualTo(NodeFormat.EMPTY_LEAF);
  }

  @Example
  void anUnknownFormatVersionIsReportedAsCorruptionNamingTheNode() {
    byte[] node = validLeaf();
    node[0] = 9;
    assertThatThrownBy(() -> Node.decode(ID, node))
        .isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining(ID.toHex())
        .hasMessageContaining("unknown format version 9")
        .satisfies(e -> assertThat(((CorruptNodeException) e).id()).isEqualTo(ID));
  }

  @Example
  void everyTruncationIsReportedAsCorruption() {
    for (byte[] node : List.of(validLeaf(), validInternal())) {
      for (int length = 0; length < node.length; length++) {
        byte[] truncated = Arrays.copyOf(node, length);
        assertThatThrownBy(() -> Node.decode(ID, truncated)).as("truncated to %d bytes", length)
            .isInstanceOf(CorruptNodeException.class);
      }
    }
  }

  @Example
  void trailingBytesAreReportedAsCorruption() {
    for (byte[] node : List.of(validLeaf(), validInternal())) {
      assertThatThrownBy(() -> Node.decode(ID, Arrays.copyOf(node, node.length + 1)))
          .isInstanceOf(CorruptNodeException.class);
    }
  }

  @Example
  void offsetsOutOfRangeAreReportedAsCorruption() {
    byte[] node = validLeaf();
    node[9] = 0x08; // the last key now ends 2 KiB on, far beyond the node
    node[10] = 0;
    assertThatThrownBy(() -> Node.decode(ID, node)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("overruns");
    byte[] backwards = validLeaf();
    backwards[8] = 0; // the second key ends before it starts
    assertThatThrownBy(() -> Node.decode(ID, backwards)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("before it starts");
  }

  @Example
  void keysOutOfOrderAreReportedAsCorruption() {
    byte[] node = NodeFormat.encode(0, List.of(bytes("a"), bytes("b")),
        List.of(StoredValue.inline(bytes("")), StoredValue.inline(bytes(""))));
    node[node.length - 3] = 'a'; // the second key, before the two one-byte values
    assertThatThrownBy(() -> Node.decode(ID, node)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("not greater");
  }

  @Example
  void badSubtreeCountsAreReportedAsCorruption() {
    byte[] zero = validInternal();
    zero[zero.length - 1] = 0;
    assertThatThrownBy(() -> Node.decode(ID, zero)).isInstanceOf(CorruptNodeException.class);
    byte[] padded = validInternal();
    byte[] nonMinimal = Arrays.copyOf(padded, padded.length + 1);
    nonMinimal[padded.length - 1] |= (byte) 0x80;
    nonMinimal[padded.length] = 0;
    assertThatThrownBy(() -> Node.decode(ID, nonMinimal)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("minimally");
    byte[] childless = {1, 0, 1, 0, 0};
    assertThatThrownBy(() -> Node.decode(ID, childless)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("no children");
  }

  @Property(tries = 300)
  void damagedNodesFailOnlyWithCorruptNodeException(@ForAll("damage") int[] damage, @ForAll boolean internal) {
    byte[] node = internal ? validInternal() : validLeaf();
    for (int i = 0; i + 1 < damage.length; i += 2) {
      node[Math.floorMod(damage[i], node.length)] = (byte) damage[i + 1];
    }
    Node decoded;
    try {
      decoded = Node.decode(ID, node);
    } catch (CorruptNodeException expected) {
      return;
    }
    // A change the format cannot tell from a valid node must still read without failing.
    for (int i = 0; i < decoded.size(); i++) {
      decoded.key(i);
      decoded.entryValue(i);
      decoded.lowerBound(bytes("key"));
    }
    decoded.count();
  }

  @Example
  void onlyALeafOfInlineValuesIsAnInlineLeaf() {
    byte[] inline = NodeFormat.encode(0, List.of(bytes("apple"), bytes("banana")),
        List.of(StoredValue.inline(bytes("red")), StoredValue.inline(bytes(""))));
    assertThat(NodeFormat.isInlineLeaf(inline)).isTrue();
    assertThat(NodeFormat.references(ID, inline)).isEmpty();
    assertThat(NodeFormat.isInlineLeaf(validLeaf())).isFalse(); // it holds a blob
    assertThat(NodeFormat.isInlineLeaf(validInternal())).isFalse();
    assertThat(NodeFormat.isInlineLeaf(NodeFormat.encodeBlobChunk(bytes("abc"), 0, 3))).isFalse();
    assertThat(NodeFormat.isInlineLeaf(NodeFormat.encode(0, List.of(), List.of()))).isFalse();
    assertThat(NodeFormat.isInlineLeaf(Arrays.copyOf(inline, inline.length - 1))).isFalse();
    assertThat(NodeFormat.isInlineLeaf(Arrays.copyOf(inline, inline.length + 1))).isFalse();
    assertThat(NodeFormat.isInlineLeaf(new byte[0])).isFalse();
  }

  /** What a walk skips decoding must be a node that refers to nothing, whatever damage it took. */
  @Property(tries = 500)
  void anInlineLeafNeverHidesAReference(@ForAll("damage") int[] damage, @ForAll boolean internal) {
    byte[] node = internal ? validInternal() : validLeaf();
    for (int i = 0; i + 1 < damage.length; i += 2) {
      node[Math.floorMod(damage[i], node.length)] = (byte) damage[i + 1];
    }
    boolean inline;
    try {
      inline = NodeFormat.isInlineLeaf(node);
    } catch (RuntimeException e) {
      throw new AssertionError("isInlineLeaf threw on damaged bytes " + Arrays.toString(node), e);
    }
    if (inline) {
      try {
        assertThat(NodeFormat.references(ID, node)).isEmpty();
      } catch (CorruptNodeException fine) {
        // a receiver refuses it; the walk only sends it
      }
    }
  }

  @Provide
  Arbitrary<int[]> damage() {
    return Arbitraries.integers().between(0, 255).array(int[].class).ofMinSize(2).ofMaxSize(6);
  }

  @Provide
  Arbitrary<NavigableMap<byte[], byte[]>> leafEntries() {
    Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMaxSize(6);
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(10);
    return Arbitraries.maps(keys, values).ofMaxSize(30).map(map -> {
      NavigableMap<byte[], byte[]> sorted = TreeFixture.newModel();
      sorted.putAll(map);
      return sorted;
    });
  }

  private static byte[] validLeaf() {
    return NodeFormat.encode(0, List.of(bytes("apple"), bytes("banana"), bytes("cherry")),
        List.of(StoredValue.inline(bytes("red")), new BlobRef(Hash.of(bytes("yellow")), 5000).toStored(),
            StoredValue.inline(bytes(""))));
  }

  private static byte[] validInternal() {
    return NodeFormat.encode(1, List.of(bytes("m"), bytes("z")),
        List.of(new ChildRef(Hash.of(bytes("left")), 5).toValue(), new ChildRef(Hash.of(bytes("right")), 7).toValue()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
