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
import io.prolly.tck.Contract;
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

  @Contract(value = "exportBundle writes every branch and tag, with all the history they reach, to a file that "
      + "importBundle reads into any repository on any backend, like a clone (Transfer.exportBundle).",
      catches = "a backend that returns a node's bytes altered, so the bundle's checksum or the receiver's hashes "
      + "fail")
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

  @Contract(value = "An incremental bundle leaves out every commit reachable from the excluded revisions and the "
      + "nodes of their trees, and applies on top of a repository holding them (Transfer.exportBundle).",
      catches = "an incremental bundle that carries the excluded commits' trees again")
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

  @Contract(value = "importBundle accepts an incremental bundle only into a repository that holds all the excluded "
      + "commits; otherwise BundleException and nothing is written (Transfer.importBundle).",
      catches = "refs set to commits whose history the receiver lacks")
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

  @Contract(value = "importBundle throws BundleException if the bundle is truncated; nodes and refs are one "
      + "transaction, so after a failure the repository is exactly as before (Transfer.importBundle).",
      catches = "nodes imported in batches committed before the bundle's end is checked")
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

  @Contract(value = "Every node of a bundle must hash to its id and the file must match its checksum; otherwise "
      + "BundleException and nothing is written (Transfer.importBundle).",
      catches = "an import that trusts the ids the bundle names")
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

  @Contract(value = "importBundle throws BundleException if the input is not a bundle, saying why; nothing is "
      + "written (Transfer.importBundle).",
      catches = "an empty input read as an empty bundle")
  @Example
  void somethingThatIsNotABundleIsRefused() {
    Repository receiver = newRepository();
    commit(receiver, "main", Map.of("own", "data"));
    assertRefusedAndUnchanged(receiver, new byte[0], "not a Prolly bundle");
    assertRefusedAndUnchanged(receiver, "PK\u0003\u0004 a zip file".getBytes(), "not a Prolly bundle");
    assertRefusedAndUnchanged(receiver, new byte[] {'P', 'B', 'N', 'D', 9}, "version 9");
  }

  @Contract(value = "Importing the same bundle twice changes nothing the second time (Transfer.importBundle).",
      catches = "a second import that counts nodes as new, or rewrites refs to the same value")
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

  @Contract(value = "FAST_FORWARD moves an existing branch only forward; a branch that diverged, or a tag that "
      + "names another commit, makes the whole import fail and write nothing; FORCE sets them exactly "
      + "(RefUpdateMode).",
      catches = "a diverged branch reset to the bundle's head, dropping the receiver's commits")
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

  @Contract(value = "FAST_FORWARD leaves a branch alone that already contains the bundle's commit (RefUpdateMode).",
      catches = "a branch moved back to the bundle's older head")
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

  @Contract(value = "exportBundle throws IllegalArgumentException if a name is not a branch or tag ref, and "
      + "RevisionNotFoundException if a ref does not exist (Transfer.exportBundle).",
      catches = "a short branch name taken for a ref and an empty bundle written")
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
