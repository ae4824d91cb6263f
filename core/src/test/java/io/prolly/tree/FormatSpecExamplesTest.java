package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.backend.Backends;
import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Holds {@code docs/format.md} to the code: every worked example in the spec is computed here and
 * must match the hex printed there, byte for byte, and the chunking rules as the spec words them
 * ({@link SpecChunking}) must cut exactly where the implementation does. A change to the format
 * fails here until the spec says the same.
 */
class FormatSpecExamplesTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Instant EXAMPLE_TIME = Instant.parse("2024-01-01T00:00:00Z");

  @Example
  void everyWorkedExampleInTheSpecMatchesTheCode() {
    SpecDocument spec = SpecDocument.load();
    Map<String, String> computed = computeExamples();
    assertThat(spec.names()).as("the examples of docs/format.md").containsExactlyInAnyOrderElementsOf(computed.keySet());
    computed.forEach((name, hex) -> assertThat(spec.hex(name)).as("example %s of docs/format.md", name).isEqualTo(hex));
  }

  @Example
  void aRepositoryCommitRecordsTheRegistryOfTheSpecExample() {
    NodeStore store = Backends.discover().open("memory:");
    try (Repository repo = Prolly.over(store)) {
      Store<String> main = repo.store("main", Codecs.utf8());
      main.set("a", "1");
      main.set("b", "22");
      Hash head = main.commit("first commit").id();
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.ref("heads/main")).isEqualTo(head);
        Commit commit = Commit.decode(head, tx.get(head));
        assertThat(commit.root().toHex()).isEqualTo(SpecDocument.load().hex("registry-leaf-hash"));
      }
    }
  }

  @Property(tries = 300)
  void theKeyHashIsTheOneTheSpecDescribes(@ForAll @Size(max = 40) byte[] key, @ForAll @IntRange(max = 20) int level) {
    assertThat(Chunker.saltOf(level)).isEqualTo(SpecChunking.salt(level));
    assertThat(Chunker.keyHash(key, Chunker.saltOf(level))).isEqualTo(SpecChunking.keyHash(key, SpecChunking.salt(level)));
  }

  @Property(tries = 100)
  void nodeBoundariesFallWhereTheSpecSays(@ForAll("entrySizes") List<Integer> sizes, @ForAll @IntRange(max = 3) int level) {
    TreeConfig config = new TreeConfig(64, 256, 1024, 4, 256);
    Chunker chunker = new Chunker(config, level);
    int size = 0;
    for (int i = 0; i < sizes.size(); i++) {
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      int start = size;
      size += sizes.get(i);
      boolean expected = SpecChunking.boundary(config, start, size, SpecChunking.keyHash(key, SpecChunking.salt(level)));
      assertThat(chunker.append(key, sizes.get(i))).as("boundary after entry %d", i).isEqualTo(expected);
      if (expected) {
        size = 0;
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> entrySizes() {
    return Arbitraries.integers().between(1, 300).list().ofMinSize(1).ofMaxSize(200);
  }

  @Property(tries = 30)
  void blobChunksEndWhereTheSpecSays(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300_000) int length,
      @ForAll @IntRange(min = 1, max = 256) int alphabet) {
    // Small alphabets give long runs of few byte values, where cuts fall late or are forced.
    byte[] value = new byte[length];
    Random random = new Random(seed);
    for (int i = 0; i < length; i++) {
      value[i] = (byte) random.nextInt(alphabet);
    }
    long[] gear = new long[256];
    for (int i = 0; i < gear.length; i++) {
      gear[i] = SpecChunking.gear(i);
    }
    for (int start = 0; start < length; ) {
      int end = BlobChunker.chunkEnd(value, start);
      assertThat(end).as("end of the chunk at %d", start).isEqualTo(SpecChunking.chunkEnd(gear, value, start));
      start = end;
    }
  }

  /** Every example of the spec, computed by the code. */
  private static Map<String, String> computeExamples() {
    Map<String, String> examples = new LinkedHashMap<>();
    examples.put("empty-leaf", HEX.formatHex(NodeFormat.EMPTY_LEAF));
    examples.put("empty-leaf-hash", NodeFormat.EMPTY_LEAF_HASH.toHex());
    try (TreeFixture fixture = new TreeFixture()) {
      Tree leaf = fixture.build(TreeConfig.DEFAULT, entries("a", utf8("1"), "b", utf8("22")));
      examples.put("leaf", HEX.formatHex(node(fixture, leaf.root())));
      examples.put("leaf-hash", leaf.root().toHex());

      Tree other = fixture.build(TreeConfig.DEFAULT, entries("c", utf8("3")));
      byte[] internal = NodeFormat.encode(1, List.of(utf8("b"), utf8("c")),
          List.of(new ChildRef(leaf.root(), 2).toValue(), new ChildRef(other.root(), 1).toValue()));
      Node.decode(Hash.of(internal), internal);
      examples.put("other-leaf-hash", other.root().toHex());
      examples.put("internal", HEX.formatHex(internal));
      examples.put("internal-hash", Hash.of(internal).toHex());
      byte[] varint = new byte[Varint.size(300)];
      Varint.write(varint, 0, 300);
      examples.put("varint-300", HEX.formatHex(varint));

      examples.put("tree-config-default", HEX.formatHex(TreeConfig.DEFAULT.toBytes()));
      Tree registry = fixture.build(TreeConfig.DEFAULT, entries("", leaf.toBytes()));
      examples.put("registry-leaf", HEX.formatHex(node(fixture, registry.root())));
      examples.put("registry-leaf-hash", registry.root().toHex());

      Commit commit = new Commit(registry.root(), List.of(), "alice", "first commit", EXAMPLE_TIME,
          new TreeMap<>(Map.of("app", "demo")));
      examples.put("commit", HEX.formatHex(commit.encode()));
      examples.put("commit-id", commit.id().toHex());
      Commit signed = commit.signedWith(rfc8032TestKey());
      byte[] signedNode = signed.encode();
      examples.put("signed-commit-trailer", HEX.formatHex(signedNode, commit.encode().length, signedNode.length));
      examples.put("signed-commit-id", signed.id().toHex());

      byte[] large = new byte[5000];
      for (int i = 0; i < large.length; i++) {
        large[i] = (byte) i;
      }
      Tree withBlob = fixture.build(TreeConfig.DEFAULT, entries("big", large));
      examples.put("blob-leaf", HEX.formatHex(node(fixture, withBlob.root())));
      byte[] chunk = NodeFormat.encodeBlobChunk(large, 0, large.length);
      examples.put("blob-chunk-hash", Hash.of(chunk).toHex());
    }
    examples.put("salt-level-0", HEX.toHexDigits(Chunker.saltOf(0)));
    examples.put("salt-level-1", HEX.toHexDigits(Chunker.saltOf(1)));
    examples.put("key-hash-a-level-0", HEX.toHexDigits(Chunker.keyHash(utf8("a"), Chunker.saltOf(0))));
    examples.put("gear-0", HEX.toHexDigits(SpecChunking.gear(0)));
    examples.put("gear-255", HEX.toHexDigits(SpecChunking.gear(255)));
    examples.put("tree-20000-root", fixedTreeRoot().toHex());
    return examples;
  }

  /**
   * The Ed25519 key pair of RFC 8032's first test vector (secret key 9d61b19d...), so that the
   * spec's signature can be checked with any Ed25519 implementation: the JDK makes a key pair from
   * the 32 bytes its random source gives, and this one gives the vector's secret key.
   */
  private static java.security.KeyPair rfc8032TestKey() {
    byte[] secret = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    java.security.SecureRandom fixed = new java.security.SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        System.arraycopy(secret, 0, bytes, 0, bytes.length);
      }
    };
    try {
      java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(java.security.spec.NamedParameterSpec.ED25519, fixed);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The tree FormatStabilityTest pins: key-000000 to key-019999, value-(7i), default rules. */
  private static Hash fixedTreeRoot() {
    NavigableMap<byte[], byte[]> entries = TreeFixture.newModel();
    for (int i = 0; i < 20_000; i++) {
      entries.put(utf8(String.format("key-%06d", i)), utf8("value-" + i * 7));
    }
    try (TreeFixture fixture = new TreeFixture()) {
      return fixture.build(TreeConfig.DEFAULT, entries).root();
    }
  }

  private static Map<byte[], byte[]> entries(Object... keysAndValues) {
    NavigableMap<byte[], byte[]> entries = TreeFixture.newModel();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      entries.put(utf8((String) keysAndValues[i]), (byte[]) keysAndValues[i + 1]);
    }
    return entries;
  }

  private static byte[] node(TreeFixture fixture, Hash id) {
    try (ReadTransaction tx = fixture.store.beginRead()) {
      return tx.get(id);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
