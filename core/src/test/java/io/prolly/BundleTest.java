package io.prolly;

import io.prolly.error.BundleException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import net.jqwik.api.Example;

/**
 * The bundle layout as documented in {@link BundleFormat}, read and written here independently of
 * the library, and bundles whose checksum is right but whose content is not: what a careless or
 * hostile writer could produce.
 */
class BundleTest {

  private final Repository source = Prolly.inMemory();
  private final Repository receiver = Prolly.inMemory();
  private final Content exported;

  BundleTest() {
    Store<String> main = source.store("main", Codecs.utf8());
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 1_000; i++) {
      main.namespace("eu").set("k" + i, "value " + random.nextInt());
    }
    main.commit("first");
    source.createTag("v1", "main");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    source.transfer().exportBundle(out);
    exported = Content.parse(out.toByteArray());
  }

  @Example
  void anExportFollowsTheDocumentedLayoutAndItsChecksumNamesIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleReport report = source.transfer().exportBundle(out);
    assertThat(exported.refs).isEqualTo(Map.of("heads/main", source.resolve("main"), "tags/v1",
        source.resolve("v1")));
    assertThat(exported.nodes).hasSize((int) report.nodes());
    assertThat(exported.nodes).allSatisfy((id, node) -> assertThat(Hash.of(node)).isEqualTo(id));
    assertThat(exported.checksum).isEqualTo(report.checksum());
    assertThat(Content.parse(exported.encode()).checksum).as("re-encoding gives the same bundle")
        .isEqualTo(report.checksum());
    assertThat(receiver.transfer().importBundle(new ByteArrayInputStream(exported.encode())).checksum())
        .isEqualTo(report.checksum());
  }

  @Example
  void aNodeThatDoesNotHashToItsIdIsRefused() {
    Map.Entry<Hash, byte[]> some = exported.nodes.entrySet().iterator().next();
    byte[] other = some.getValue().clone();
    other[other.length - 1] ^= 1;
    exported.nodes.put(some.getKey(), other);
    assertRefused(exported.encode(), "hashes to");
  }

  @Example
  void aNodeOverTheSizeLimitIsRefusedBeforeItIsRead() {
    byte[] huge = new byte[NodeStore.MAX_NODE_SIZE + 1];
    exported.nodes.put(Hash.of(huge), huge);
    assertRefused(exported.encode(), "claims " + huge.length + " bytes");
  }

  @Example
  void aNodeTwiceIsRefused() {
    byte[] bytes = exported.encode(exported.nodes.keySet().iterator().next());
    assertRefused(bytes, "appears twice");
  }

  @Example
  void aNodeNoRefReachesIsRefused() {
    byte[] loose = "loose".getBytes(StandardCharsets.UTF_8);
    exported.nodes.put(Hash.of(loose), loose);
    assertRefused(exported.encode(), "none of its refs reaches");
  }

  @Example
  void aBundleMissingANodeOfItsHistoryIsRefused() {
    Hash last = new ArrayList<>(exported.nodes.keySet()).get(exported.nodes.size() - 1);
    exported.nodes.remove(last);
    assertRefused(exported.encode(), "incomplete");
  }

  @Example
  void aRefToSomethingOtherThanACommitIsRefused() {
    Hash notACommit = new ArrayList<>(exported.nodes.keySet()).get(exported.nodes.size() - 1);
    exported.refs.put("tags/v1", notACommit);
    assertRefused(exported.encode(), "malformed");
  }

  @Example
  void aRefThatIsNoBranchOrTagOrHasABadNameIsRefused() {
    Hash main = exported.refs.get("heads/main");
    exported.refs.put("live/counter", main);
    assertRefused(exported.encode(), "neither a branch");
    exported.refs.remove("live/counter");
    exported.refs.put("heads/a..b", main);
    assertRefused(exported.encode(), "'..'");
  }

  @Example
  void aWrongChecksumIsRefused() {
    exported.checksum = Hash.of(new byte[1]);
    assertRefused(exported.encodeKeepingChecksum(), "checksum");
  }

  @Example
  void refsOutOfOrderAreRefused() {
    byte[] bytes = exported.encode(null, List.of("tags/v1", "heads/main"));
    assertRefused(bytes, "ascending");
  }

  private void assertRefused(byte[] bundle, String message) {
    assertThatThrownBy(() -> receiver.transfer().importBundle(new ByteArrayInputStream(bundle)))
        .isInstanceOf(BundleException.class).hasMessageContaining(message);
    assertThat(receiver.branches()).isEmpty();
    assertThat(receiver.tags()).isEmpty();
    assertThat(receiver.maintenance().stats().nodeCount()).isZero();
  }

  /** A bundle's content, read and written following the documented layout. */
  private static final class Content {
    final Map<String, Hash> refs = new TreeMap<>();
    final List<Hash> prerequisites = new ArrayList<>();
    final Map<Hash, byte[]> nodes = new LinkedHashMap<>();
    Hash checksum;

    static Content parse(byte[] bundle) {
      assertThat(Arrays.copyOf(bundle, 5)).containsExactly('P', 'B', 'N', 'D', 1);
      Content content = new Content();
      try (DataInputStream in = new DataInputStream(new InflaterInputStream(
          new ByteArrayInputStream(bundle, 5, bundle.length - 5)))) {
        int refs = in.readInt();
        for (int i = 0; i < refs; i++) {
          byte[] name = new byte[in.readUnsignedShort()];
          in.readFully(name);
          content.refs.put(new String(name, StandardCharsets.UTF_8), hash(in));
        }
        int prerequisites = in.readInt();
        for (int i = 0; i < prerequisites; i++) {
          content.prerequisites.add(hash(in));
        }
        long nodes = in.readLong();
        for (long i = 0; i < nodes; i++) {
          Hash id = hash(in);
          byte[] node = new byte[in.readInt()];
          in.readFully(node);
          content.nodes.put(id, node);
        }
        content.checksum = hash(in);
        assertThat(in.read()).as("end of the bundle").isEqualTo(-1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return content;
    }

    byte[] encode() {
      return encode(null, new ArrayList<>(refs.keySet()));
    }

    byte[] encodeKeepingChecksum() {
      return write(null, new ArrayList<>(refs.keySet()), true);
    }

    /** Encodes with one node written twice. */
    byte[] encode(Hash twice) {
      return encode(twice, new ArrayList<>(refs.keySet()));
    }

    byte[] encode(Hash twice, List<String> refOrder) {
      return write(twice, refOrder, false);
    }

    private byte[] write(Hash twice, List<String> refOrder, boolean keepChecksum) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(body)) {
        out.writeInt(refOrder.size());
        for (String ref : refOrder) {
          byte[] name = ref.getBytes(StandardCharsets.UTF_8);
          out.writeShort(name.length);
          out.write(name);
          out.write(refs.get(ref).toBytes());
        }
        out.writeInt(prerequisites.size());
        for (Hash prerequisite : prerequisites) {
          out.write(prerequisite.toBytes());
        }
        out.writeLong(nodes.size() + (twice == null ? 0 : 1));
        for (Map.Entry<Hash, byte[]> node : nodes.entrySet()) {
          writeNode(out, node.getKey(), node.getValue());
          if (node.getKey().equals(twice)) {
            writeNode(out, node.getKey(), node.getValue());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] prefix = {'P', 'B', 'N', 'D', 1};
      MessageDigest digest = sha256();
      digest.update(prefix);
      digest.update(body.toByteArray());
      byte[] sum = keepChecksum ? checksum.toBytes() : digest.digest();
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      file.writeBytes(prefix);
      try (DeflaterOutputStream deflating = new DeflaterOutputStream(file)) {
        deflating.write(body.toByteArray());
        deflating.write(sum);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return file.toByteArray();
    }

    private static void writeNode(DataOutputStream out, Hash id, byte[] node) throws IOException {
      out.write(id.toBytes());
      out.writeInt(node.length);
      out.write(node);
    }

    private static Hash hash(DataInputStream in) throws IOException {
      byte[] bytes = new byte[Hash.LENGTH];
      in.readFully(bytes);
      return Hash.fromBytes(bytes);
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
