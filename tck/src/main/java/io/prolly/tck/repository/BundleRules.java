package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.BundleException;
import io.prolly.BundleReport;
import io.prolly.CommitInfo;
import io.prolly.Codecs;
import io.prolly.RefUpdateMode;
import io.prolly.Repository;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.tck.BackendFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.zip.InflaterInputStream;
import net.jqwik.api.Example;

/**
 * Bundles: what one repository exports, any other imports, all or nothing, and a damaged bundle
 * is refused without changing the receiver.
 */
abstract class BundleRules extends RulesBase {

  private static final int KEYS = 5_000;
  /** The magic "PBND" and the format version, before the compressed part. */
  private static final int BUNDLE_HEADER = 5;

  BundleRules(BackendFixture fixture) {
    super(fixture);
  }

  @Example
  void aFullBundleCarriesEveryBranchTagCommitAndValue() {
    for (boolean fromBackend : new boolean[] {true, false}) {
      Repository source = fromBackend ? newRepository() : newMemoryRepository();
      Repository receiver = fromBackend ? newMemoryRepository() : newRepository();
      fill(source);
      byte[] bundle = export(source);
      BundleReport report = receiver.transfer().importBundle(new ByteArrayInputStream(bundle));
      assertThat(report.refs()).containsOnlyKeys("heads/main", "heads/feature", "tags/v1");
      assertThat(report.updatedRefs()).containsExactly("heads/feature", "heads/main", "tags/v1");
      assertThat(report.bundleBytes()).isEqualTo(bundle.length);
      assertSameHistory(receiver, source);
      assertThat(receiver.maintenance().verify().problems()).isEmpty();
    }
  }

  @Example
  void anIncrementalBundleCarriesOnlyWhatTheReceiverLacksAndAppliesOnTop() {
    Repository source = newMemoryRepository();
    Repository receiver = newRepository();
    fill(source);
    byte[] full = export(source);
    BundleReport fullReport = receiver.transfer().importBundle(new ByteArrayInputStream(full));
    String known = source.resolve("main").toHex();
    commit(source, "main", Map.of("k7", "changed", "k8", "changed too"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleReport increment = source.transfer().exportBundle(out, List.of("heads/main"), List.of(known));
    assertThat(increment.nodes()).as("nodes of a one-commit increment, against %d of the full bundle",
        fullReport.nodes()).isPositive().isLessThan(fullReport.nodes() / 10);
    assertThat(out.size()).as("bytes of the increment, against %d", full.length).isLessThan(full.length / 20);
    BundleReport applied = receiver.transfer().importBundle(new ByteArrayInputStream(out.toByteArray()));
    assertThat(applied.updatedRefs()).containsExactly("heads/main");
    assertSameHistory(receiver, source);
    assertThat(receiver.maintenance().verify().problems()).isEmpty();
  }

  @Example
  void anIncrementalBundleIsRefusedByARepositoryWithoutItsPrerequisites() {
    Repository source = newMemoryRepository();
    fill(source);
    String known = source.resolve("main").toHex();
    commit(source, "main", Map.of("k1", "new"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    source.transfer().exportBundle(out, List.of("heads/main"), List.of(known));
    Repository receiver = newRepository();
    commit(receiver, "main", Map.of("own", "data"));
    assertRefusedAndUnchanged(receiver, out.toByteArray(), "does not have");
  }

  @Example
  void aTruncatedBundleIsRefusedAndChangesNothing() {
    Repository source = newMemoryRepository();
    Repository receiver = newRepository();
    fill(source);
    receiver.transfer().importBundle(new ByteArrayInputStream(export(source)));
    String known = source.resolve("main").toHex();
    commit(source, "main", Map.of("k1", "new", "eu/new", "key"));
    commit(source, "feature", Map.of("k2", "new"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    source.transfer().exportBundle(out, List.of("heads/main", "heads/feature"), List.of(known));
    byte[] bundle = out.toByteArray();
    for (int cut : samples(bundle.length, 50)) {
      assertRefusedAndUnchanged(receiver, Arrays.copyOf(bundle, cut), "");
    }
  }

  @Example
  void aTamperedBundleIsRefusedAndChangesNothing() {
    Repository source = newMemoryRepository();
    Repository receiver = newRepository();
    fill(source);
    receiver.transfer().importBundle(new ByteArrayInputStream(export(source)));
    commit(source, "main", Map.of("k1", "new"));
    byte[] bundle = export(source);
    byte[] content = inflated(bundle);
    for (int offset : samples(bundle.length, 50)) {
      byte[] tampered = bundle.clone();
      tampered[offset] ^= (byte) 0xFF;
      if (Arrays.equals(inflated(tampered), content)) {
        continue; // a few bits of a deflate stream (padding, unused code lengths) change nothing it holds
      }
      assertRefusedAndUnchanged(receiver, tampered, "");
    }
    byte[] longer = Arrays.copyOf(bundle, bundle.length + 1);
    assertRefusedAndUnchanged(receiver, longer, "more data follows");
  }

  /** What a bundle's compressed part inflates to, or an empty array if it does not inflate. */
  private static byte[] inflated(byte[] bundle) {
    try (InflaterInputStream in = new InflaterInputStream(
        new ByteArrayInputStream(bundle, BUNDLE_HEADER, bundle.length - BUNDLE_HEADER))) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException broken) {
      return new byte[0];
    }
  }

  @Example
  void somethingThatIsNotABundleIsRefused() {
    Repository receiver = newRepository();
    commit(receiver, "main", Map.of("own", "data"));
    assertRefusedAndUnchanged(receiver, new byte[0], "not a Prolly bundle");
    assertRefusedAndUnchanged(receiver, "PK\u0003\u0004 a zip file".getBytes(), "not a Prolly bundle");
    assertRefusedAndUnchanged(receiver, new byte[] {'P', 'B', 'N', 'D', 9}, "version 9");
  }

  @Example
  void importingTheSameBundleTwiceChangesNothingTheSecondTime() {
    Repository source = newMemoryRepository();
    Repository receiver = newRepository();
    fill(source);
    byte[] bundle = export(source);
    receiver.transfer().importBundle(new ByteArrayInputStream(bundle));
    Map<String, ?> refs = refs(receiver);
    long nodes = receiver.maintenance().stats().nodeCount();
    BundleReport again = receiver.transfer().importBundle(new ByteArrayInputStream(bundle));
    assertThat(again.updatedRefs()).isEmpty();
    assertThat(refs(receiver)).isEqualTo(refs);
    assertThat(receiver.maintenance().stats().nodeCount()).isEqualTo(nodes);
  }

  @Example
  void aDivergedBranchOrAMovedTagIsRefusedUnlessForced() {
    Repository source = newMemoryRepository();
    Repository receiver = newRepository();
    fill(source);
    receiver.transfer().importBundle(new ByteArrayInputStream(export(source)));
    commit(receiver, "main", Map.of("k1", "receiver's"));
    commit(source, "main", Map.of("k1", "source's"));
    byte[] diverged = export(source);
    assertRefusedAndUnchanged(receiver, diverged, "heads/main has diverged");
    receiver.transfer().importBundle(new ByteArrayInputStream(diverged), RefUpdateMode.FORCE);
    assertThat(receiver.branches()).isEqualTo(source.branches());

    source.deleteTag("v1");
    source.createTag("v1", "main");
    byte[] movedTag = export(source);
    assertRefusedAndUnchanged(receiver, movedTag, "tags never move");
    BundleReport forced = receiver.transfer().importBundle(new ByteArrayInputStream(movedTag), RefUpdateMode.FORCE);
    assertThat(forced.updatedRefs()).containsExactly("tags/v1");
    assertSameHistory(receiver, source);
  }

  @Example
  void aBranchThatAlreadyContainsTheBundlesCommitStaysWhereItIs() {
    Repository source = newMemoryRepository();
    Repository receiver = newRepository();
    fill(source);
    byte[] bundle = export(source);
    receiver.transfer().importBundle(new ByteArrayInputStream(bundle));
    String ahead = commit(receiver, "main", Map.of("k1", "ahead"));
    BundleReport report = receiver.transfer().importBundle(new ByteArrayInputStream(bundle));
    assertThat(report.updatedRefs()).isEmpty();
    assertThat(receiver.resolve("main").toHex()).isEqualTo(ahead);
  }

  @Example
  void exportNamesExistingBranchesAndTagsByTheirFullRefs() {
    Repository source = newRepository();
    fill(source);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> source.transfer().exportBundle(out, List.of("main"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads/<name>");
    assertThatThrownBy(() -> source.transfer().exportBundle(out, List.of("heads/nope"), List.of()))
        .isInstanceOf(RevisionNotFoundException.class).hasMessageContaining("main");
    assertThatThrownBy(() -> source.transfer().exportBundle(out, List.of("tags/v1"), List.of("nope")))
        .isInstanceOf(RevisionNotFoundException.class);
    assertThat(out.size()).isZero();
  }

  /** Two branches and a tag, two namespaces, and a value large enough to be stored in chunks. */
  private static void fill(Repository repository) {
    Store<String> main = repository.store("main", Codecs.utf8());
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < KEYS; i++) {
      main.set("k" + i, "value " + i);
      main.namespace("eu").set("k" + i, "eu value " + random.nextInt());
    }
    StringBuilder large = new StringBuilder();
    random.ints(60_000, 'a', 'z' + 1).forEach(c -> large.append((char) c));
    main.set("large", large.toString());
    main.commit("first");
    repository.createTag("v1", "main");
    main.set("k1", "second value");
    main.commit("second");
    repository.createBranch("feature", "main~1");
    commit(repository, "feature", Map.of("eu/k2", "feature value", "new", "key"));
  }

  private static byte[] export(Repository repository) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repository.transfer().exportBundle(out);
    return out.toByteArray();
  }

  private static void assertSameHistory(Repository actual, Repository expected) {
    assertThat(actual.branches()).isEqualTo(expected.branches());
    assertThat(actual.tags()).isEqualTo(expected.tags());
    for (String branch : expected.branches().keySet()) {
      assertThat(actual.log(branch).map(CommitInfo::id)).containsExactlyElementsOf(
          expected.log(branch).map(CommitInfo::id).toList());
      Snapshot<String> want = expected.snapshot(branch, Codecs.utf8());
      Snapshot<String> got = actual.snapshot(branch, Codecs.utf8());
      assertThat(contents(got)).isEqualTo(contents(want));
      assertThat(contents(got.namespace("eu"))).isEqualTo(contents(want.namespace("eu")));
    }
  }

  private static void assertRefusedAndUnchanged(Repository receiver, byte[] bundle, String message) {
    Map<String, ?> refs = refs(receiver);
    long nodes = receiver.maintenance().stats().nodeCount();
    assertThatThrownBy(() -> receiver.transfer().importBundle(new ByteArrayInputStream(bundle)))
        .as("importing %d bytes", bundle.length)
        .isInstanceOf(BundleException.class).hasMessageContaining(message).hasMessageContaining("Nothing was imported");
    assertThat(refs(receiver)).isEqualTo(refs);
    assertThat(receiver.maintenance().stats().nodeCount()).isEqualTo(nodes);
  }

  /** About {@code count} positions spread over {@code 0..length-1}, first and last included. */
  private static int[] samples(int length, int count) {
    return IntStream.rangeClosed(0, count - 1).map(i -> (int) ((long) i * (length - 1) / (count - 1)))
        .distinct().toArray();
  }
}
