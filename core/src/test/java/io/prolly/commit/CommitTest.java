package io.prolly.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CommitTest {

  @Property
  void encodingRoundTripsAndIsDeterministic(@ForAll("commits") Commit commit) {
    byte[] node = commit.encode();
    Hash id = Hash.of(node);
    Commit decoded = Commit.decode(id, node);
    assertThat(decoded).isEqualTo(commit);
    assertThat(decoded.encode()).isEqualTo(node);
    assertThat(commit.id()).isEqualTo(id);
  }

  @Property(tries = 200)
  void everyTruncationIsReportedAsACorruptNodeNamingIt(@ForAll("commits") Commit commit) {
    byte[] node = commit.encode();
    Hash id = Hash.of(node);
    for (int length = 0; length < node.length; length++) {
      byte[] cut = Arrays.copyOf(node, length);
      assertThatThrownBy(() -> Commit.decode(id, cut)).as("commit cut to %d of %d bytes", cut.length, node.length)
          .isInstanceOf(CorruptNodeException.class)
          .hasMessageContaining(id.toShortHex());
    }
  }

  @Property(tries = 300)
  void aFlippedByteGivesTheSameCommitNeverAWrongOneOrACrash(
      @ForAll("commits") Commit commit, @ForAll int position, @ForAll byte mask) {
    byte[] node = commit.encode();
    int at = Math.floorMod(position, node.length);
    node[at] ^= mask;
    try {
      Commit decoded = Commit.decode(Hash.of(node), node);
      // Some flips keep a well-formed commit (a byte of the message); it must then be what the bytes say.
      assertThat(decoded.encode()).isEqualTo(node);
    } catch (CorruptNodeException expected) {
      assertThat(expected.id()).isEqualTo(Hash.of(node));
    }
  }

  @Example
  void rejectsForeignAndFutureNodes() {
    Commit commit = commit(List.of(), "first");
    byte[] node = commit.encode();
    byte[] future = node.clone();
    future[4] = 3;
    assertThatThrownBy(() -> Commit.decode(Hash.of(future), future)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("format version is 3").hasMessageContaining("newer Prolly");
    byte[] foreign = "not a commit at all".getBytes();
    assertThatThrownBy(() -> Commit.decode(Hash.of(foreign), foreign)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("commit marker");
    byte[] longer = Arrays.copyOf(node, node.length + 1);
    assertThatThrownBy(() -> Commit.decode(Hash.of(longer), longer)).isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("1 bytes after its end");
  }

  @Example
  void invalidFieldsAreRejectedWithTheReason() {
    Hash root = Hash.of(new byte[0]);
    Instant now = Instant.now();
    assertThatThrownBy(() -> new Commit(root, List.of(), "", "m", now, new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("author is empty");
    assertThatThrownBy(() -> new Commit(root, List.of(root, root), "a", "m", now, new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parent twice");
    assertThatThrownBy(() -> new Commit(root, List.of(), "a", "m", now, new TreeMap<>(Map.of("", "v"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata key");
    assertThatThrownBy(() -> new Commit(root, List.of(), "a", "x".repeat(Commit.MAX_MESSAGE_BYTES + 1), now,
        new TreeMap<>())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message is over");
  }

  @Example
  void timestampsKeepMillisecondsAndMergesHaveTwoParents() {
    Instant precise = Instant.parse("2026-11-23T10:15:30.123456789Z");
    Commit commit = new Commit(Hash.of(new byte[0]), List.of(Hash.of(new byte[1]), Hash.of(new byte[2])),
        "ada", "merge", precise, new TreeMap<>());
    assertThat(commit.timestamp()).isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z"));
    assertThat(commit.isMerge()).isTrue();
  }

  static Commit commit(List<Hash> parents, String message) {
    return new Commit(Hash.of(message.getBytes()), parents, "ada", message, Instant.ofEpochMilli(1_700_000_000_000L),
        new TreeMap<>());
  }

  @Provide
  Arbitrary<Commit> commits() {
    Arbitrary<Hash> hashes = Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(Hash::of);
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40)
        .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    return Combinators.combine(
        hashes,
        hashes.list().uniqueElements().ofMaxSize(3),
        text.filter(s -> !s.isEmpty()),
        text,
        Arbitraries.longs().between(-62_135_596_800_000L, 253_402_300_799_999L).map(Instant::ofEpochMilli),
        Arbitraries.maps(text.filter(s -> !s.isEmpty()), text).ofMaxSize(4).map(TreeMap::new))
        .as(Commit::new)
        .flatMap(commit -> Arbitraries.of(false, true).map(signed -> signed ? commit.signedWith(KEYS) : commit));
  }

  private static final KeyPair KEYS = newKeyPair();

  private static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Example
  void anUnsignedCommitIsVersionOneAndASignedOneIsVersionTwoCoveringItsUnsignedEncoding() {
    Commit unsigned = commit(List.of(), "first");
    Commit signed = unsigned.signedWith(KEYS);
    assertThat(unsigned.encode()[4]).isEqualTo((byte) 1);
    assertThat(signed.encode()[4]).isEqualTo((byte) 2);
    assertThat(signed.unsigned()).isEqualTo(unsigned);
    assertThat(signed.id()).isNotEqualTo(unsigned.id());
    assertThat(Arrays.copyOfRange(signed.encode(), 5, unsigned.encode().length))
        .as("the signed node starts with the unsigned fields").isEqualTo(Arrays.copyOfRange(unsigned.encode(), 5,
            unsigned.encode().length));
    assertThat(signed.signatureVerifies()).isTrue();
    assertThat(unsigned.signatureVerifies()).isFalse();
    assertThat(signed.signature().fingerprint()).startsWith("SHA256:")
        .isEqualTo(CommitSignature.fingerprint(KEYS.getPublic().getEncoded()));
  }

  @Example
  void aSignatureMovedToAlteredContentNoLongerVerifies() {
    Commit signed = commit(List.of(), "pay alice 10").signedWith(KEYS);
    Commit altered = new Commit(signed.root(), signed.parents(), signed.author(), "pay mallory 10", signed.timestamp(),
        signed.metadata(), signed.signature());
    Commit decoded = Commit.decode(altered.id(), altered.encode());
    assertThat(decoded.signature()).isEqualTo(signed.signature());
    assertThat(decoded.signatureVerifies()).isFalse();
  }

  @Example
  void aVersionOneNodeWrittenBeforeSigningExistedStillDecodes() {
    // "PCMT" 1, root = SHA-256 of nothing, no parents, time 1700000000000, author "ada", message "first", no metadata.
    String hex = "50434d5401" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + "00000000"
        + "0000018bcfe56800" + "00000003" + "616461" + "00000005" + "6669727374" + "00000000";
    byte[] node = java.util.HexFormat.of().parseHex(hex);
    Commit decoded = Commit.decode(Hash.of(node), node);
    assertThat(decoded).isEqualTo(new Commit(Hash.of(new byte[0]), List.of(), "ada", "first",
        Instant.ofEpochMilli(1_700_000_000_000L), new TreeMap<>()));
    assertThat(decoded.signature()).isNull();
    assertThat(decoded.encode()).isEqualTo(node);
  }
}
