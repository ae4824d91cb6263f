package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.RefName;
import io.prolly.spi.WriteTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Bytes and names at the edges of what the SPI allows, and the rejection of what it does not. */
abstract class LimitsRules extends ContractBase {

  LimitsRules(BackendFixture fixture) {
    super(fixture);
  }

  /** Random nodes of 0 to 64 KiB come back byte-identical, inside and after the transaction. */
  @Contract(value = "get returns the node's bytes, exactly as written, inside the writing transaction and after its "
      + "commit (ReadTransaction.get).",
      catches = "empty nodes read back as null, or a buffer of the engine returned that a later read overwrites "
      + "(self-test flaw: LOSES_EMPTY_NODES)")
  @Property(tries = 200)
  void required_nodesComeBackByteIdentical(@ForAll("nodes") byte[] node) {
    NodeStore store = newStore().store;
    Hash id = Hash.of(node);
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(id, node.clone());
      assertThat(tx.get(id)).as("node of %d bytes inside its transaction", node.length).isEqualTo(node);
      tx.commit();
    }
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(id)).as("node of %d bytes after commit", node.length).isEqualTo(node);
    }
  }

  /** Empty, one-byte, 1 MiB and 16 MiB nodes are stored verbatim. */
  @Contract(value = "Nodes of 0 to MAX_NODE_SIZE bytes come back byte-identical (NodeStore: Limits).",
      catches = "an empty node lost, or a node of exactly 16 MiB refused (self-test flaws: LOSES_EMPTY_NODES, "
      + "REFUSES_A_NODE_OF_THE_MAXIMUM_SIZE)")
  @Example
  void required_edgeSizeNodesAreStoredVerbatim() {
    NodeStore store = newStore().store;
    Random random = new Random(1);
    Map<Hash, byte[]> nodes = new HashMap<>();
    for (int size : new int[] {0, 1, 1 << 20, NodeStore.MAX_NODE_SIZE}) {
      byte[] node = new byte[size];
      random.nextBytes(node);
      nodes.put(Hash.of(node), node);
    }
    commit(store, nodes, Map.of());
    StoreModel model = new StoreModel();
    nodes.forEach(model::put);
    model.assertCommittedIn(store, "after storing nodes of 0 B, 1 B, 1 MiB and 16 MiB");
  }

  /** A node over {@link NodeStore#MAX_NODE_SIZE} is rejected with IllegalArgumentException. */
  @Contract(value = "put and putAll throw IllegalArgumentException if the node is over MAX_NODE_SIZE "
      + "(WriteTransaction.put).",
      catches = "no size check in put, so the engine stores the node or fails later at commit with an error of its "
      + "own")
  @Example
  void required_nodeOverTheSizeLimitIsRejected() {
    NodeStore store = newStore().store;
    byte[] node = new byte[NodeStore.MAX_NODE_SIZE + 1];
    try (WriteTransaction tx = store.beginWrite()) {
      assertThatThrownBy(() -> tx.put(Hash.of(node), node)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> tx.putAll(Map.of(Hash.of(node), node))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** 10,000 refs in one transaction are all listed, in name order, and by prefix. */
  @Contract(value = "refs(prefix) returns every ref whose name starts with the prefix, sorted by name "
      + "(ReadTransaction.refs).",
      catches = "a listing that runs past the prefix or comes in reverse order (self-test flaws: "
      + "LISTS_REFS_PAST_THE_PREFIX, LISTS_REFS_IN_REVERSE_ORDER)")
  @Example
  void required_tenThousandRefsAreListedInOrder() {
    NodeStore store = newStore().store;
    Hash target = commitNode(store, bytes("target"));
    SortedMap<String, Hash> refs = new TreeMap<>();
    try (WriteTransaction tx = store.beginWrite()) {
      for (int i = 0; i < 10_000; i++) {
        String name = (i % 2 == 0 ? "heads/" : "tags/") + "ref-" + i;
        tx.setRef(name, null, target);
        refs.put(name, target);
      }
      tx.commit();
    }
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.refs("")).as("all 10,000 refs").containsExactlyEntriesOf(refs);
      assertThat(tx.refs("tags/")).as("refs under tags/").hasSize(5_000);
      SortedMap<String, Hash> under99 = new TreeMap<>(refs.subMap("heads/ref-99", "heads/ref-9:"));
      assertThat(under99).as("the model's refs under heads/ref-99 (990..998 and 9900..9998, even)").hasSize(55);
      assertThat(tx.refs("heads/ref-99")).as("refs under heads/ref-99").containsExactlyEntriesOf(under99);
    }
    assertThat(store.stats().refCount()).isEqualTo(10_000);
  }

  /**
   * stats().storageBytes() counts everything stored: a store that holds only one empty node, or
   * only one ref, occupies more than zero bytes.
   */
  @Contract(value = "stats().storageBytes() counts everything the store keeps, so a store holding only an empty node or only a "
      + "ref occupies more than zero bytes (StoreStats.storageBytes).",
      catches = "storage counted as the bytes of node contents only (self-test flaw: COUNTS_ONLY_NODE_BYTES_AS_STORAGE)")
  @Example
  void required_storageBytesIsPositiveForAnEmptyNodeAndForARef() {
    NodeStore emptyNode = newStore().store;
    commitNode(emptyNode, new byte[0]);
    assertThat(emptyNode.stats().storageBytes()).as("storageBytes of a store holding one empty node").isPositive();

    NodeStore oneRef = newStore().store;
    commit(oneRef, Map.of(), Map.of("heads/main", Hash.of(bytes("a node that was never stored"))));
    assertThat(oneRef.stats().storageBytes()).as("storageBytes of a store holding one ref and no node").isPositive();
  }

  /** Any valid Unicode ref name round-trips, and prefix listing sees it. */
  @Contract(value = "A ref name is 1 to 1024 bytes of UTF-8 with no NUL and no unpaired surrogate; any other "
      + "Unicode is allowed, and refs(prefix) lists it under every prefix of it (RefName, ReadTransaction.refs).",
      catches = "a listing that starts after the prefix and loses the ref named exactly the prefix, or names stored "
      + "in a charset other than UTF-8 (self-test flaw: LISTS_REFS_AFTER_THE_PREFIX_EXCLUSIVELY)")
  @Property(tries = 300)
  void required_unicodeRefNamesRoundTrip(@ForAll("refNames") String name) {
    NodeStore store = newStore().store;
    Hash target = commitNode(store, bytes(name));
    commit(store, Map.of(), Map.of(name, target));
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.ref(name)).as("ref(%s)", name).isEqualTo(target);
      assertThat(tx.refs("")).as("refs(\"\")").containsExactly(Map.entry(name, target));
      assertThat(tx.refs(name.substring(0, name.offsetByCodePoints(0, 1))))
          .as("refs by the name's first character").containsExactly(Map.entry(name, target));
    }
  }

  /** A name of exactly 1024 UTF-8 bytes is valid, in ASCII and in multi-byte characters. */
  @Contract(value = "A ref name of up to RefName.MAX_BYTES (1024) UTF-8 bytes is valid, whatever its characters "
      + "(RefName).",
      catches = "refs keyed by a prefix of their name, as an engine with a short key limit would (self-test flaw: "
      + "TRUNCATES_LONG_REF_NAMES)")
  @Example
  void required_refNameOfTheMaximumLengthIsAccepted() {
    NodeStore store = newStore().store;
    Hash target = commitNode(store, bytes("t"));
    String ascii = "a".repeat(RefName.MAX_BYTES);
    String multiByte = "\u00e9".repeat(RefName.MAX_BYTES / 2);
    commit(store, Map.of(), Map.of(ascii, target, multiByte, target));
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.ref(ascii)).isEqualTo(target);
      assertThat(tx.ref(multiByte)).isEqualTo(target);
    }
  }

  /**
   * Ref names are compared as the strings they are: names that differ only in case, or only in
   * Unicode normalisation (a composed and a decomposed accent), are different refs.
   */
  @Contract(value = "Ref names are compared as the strings they are: names that differ only in case, or only in "
      + "Unicode normalisation, are different refs (RefName).",
      catches = "refs kept as files on a case-insensitive file system, or names normalised before they are stored "
      + "(self-test flaw: IGNORES_THE_CASE_OF_REF_NAMES)")
  @Example
  void required_refNamesThatDifferOnlyInCaseOrNormalisationAreDistinct() {
    NodeStore store = newStore().store;
    Map<String, Hash> refs = new TreeMap<>();
    for (String name : new String[] {"heads/main", "heads/Main", "HEADS/MAIN", "tags/caf\u00e9", "tags/cafe\u0301"}) {
      refs.put(name, commitNode(store, bytes(name)));
    }
    commit(store, Map.of(), refs);
    StoreModel model = new StoreModel();
    refs.forEach((name, id) -> {
      model.put(id, bytes(name));
      model.setRef(name, id);
    });
    model.assertCommittedIn(store, "refs whose names differ only in case or normalisation");
    try (ReadTransaction tx = store.beginRead()) {
      refs.forEach((name, id) -> assertThat(tx.ref(name)).as("ref(%s)", name).isEqualTo(id));
    }
  }

  /** Invalid ref names are rejected with IllegalArgumentException by every method taking one. */
  @Contract(value = "Every method taking a ref name throws IllegalArgumentException if it is not a valid ref name "
      + "(ReadTransaction.ref, WriteTransaction.setRef, RefName.check).",
      catches = "a method that skips RefName.check, so an empty name or one with NUL reaches the engine")
  @Example
  void required_invalidRefNamesAreRejected() {
    NodeStore store = newStore().store;
    Hash target = commitNode(store, bytes("t"));
    String[] invalid = {
      null, "", "nul\0inside", "a".repeat(RefName.MAX_BYTES + 1), "\u00e9".repeat(RefName.MAX_BYTES / 2 + 1),
      "lone \uD800 surrogate", "\uDC00"
    };
    try (WriteTransaction tx = store.beginWrite()) {
      for (String name : invalid) {
        String shown = name == null ? "null" : name.length() > 20 ? name.substring(0, 20) + "..." : name;
        assertRejected(() -> tx.ref(name), "ref(" + shown + ")");
        assertRejected(() -> tx.setRef(name, null, target), "setRef(" + shown + ")");
      }
      assertRejected(() -> tx.refs(null), "refs(null)");
      tx.commit();
    }
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.refs("")).as("refs after rejected names").isEmpty();
    }
  }

  /** Null ids, nodes, maps and actions are rejected with IllegalArgumentException. */
  @Contract(value = "get, contains, put, putAll, delete, refs and forEachNode throw IllegalArgumentException if an "
      + "id, node, map, prefix or action is null (ReadTransaction, WriteTransaction).",
      catches = "a NullPointerException from deep inside the engine instead of an IllegalArgumentException naming "
      + "the argument")
  @Example
  void required_nullArgumentsAreRejected() {
    NodeStore store = newStore().store;
    Hash id = Hash.of(bytes("x"));
    try (WriteTransaction tx = store.beginWrite()) {
      assertRejected(() -> tx.get(null), "get(null)");
      assertRejected(() -> tx.contains(null), "contains(null)");
      assertRejected(() -> tx.put(null, bytes("x")), "put(null, node)");
      assertRejected(() -> tx.put(id, null), "put(id, null)");
      assertRejected(() -> tx.putAll(null), "putAll(null)");
      Map<Hash, byte[]> nullKey = new HashMap<>();
      nullKey.put(null, bytes("x"));
      assertRejected(() -> tx.putAll(nullKey), "putAll with a null id");
      assertRejected(() -> tx.delete(null), "delete(null)");
      assertRejected(() -> tx.forEachNode(null), "forEachNode(null)");
    }
    try (ReadTransaction tx = store.beginRead()) {
      assertRejected(() -> tx.get(null), "read get(null)");
      assertRejected(() -> tx.contains(null), "read contains(null)");
    }
  }

  @Provide
  Arbitrary<byte[]> nodes() {
    return Generators.nodes(64 * 1024);
  }

  @Provide
  Arbitrary<String> refNames() {
    return Generators.refNames();
  }

  private static void assertRejected(ThrowingCallable call, String what) {
    assertThatThrownBy(call).as(what).isInstanceOf(IllegalArgumentException.class);
  }
}
