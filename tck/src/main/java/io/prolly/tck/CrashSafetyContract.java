package io.prolly.tck;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;

/**
 * Commits survive a crash of the process, whole: a child JVM ({@link CrashingWriter}) commits
 * {@link CrashBatch}es with {@code durability=immediate} and logs each one after
 * {@code commit()} returns; this test kills it with SIGKILL at random moments, {@value #KILLS}
 * times (and {@value #EVENTUAL_KILLS} more times with {@code durability=eventual}), and after
 * each kill reopens the store and checks that it opens without error, that
 * every acknowledged commit is there and intact, and that no part of an unfinished commit is
 * visible.
 *
 * <p>A backend's crash test is one small subclass. It must be public, with a public no-argument
 * constructor, because the child JVM creates its own instance by class name from the test class
 * path:
 *
 * <pre>{@code
 * public class FileCrashSafetyTest extends CrashSafetyContract {
 *   public FileCrashSafetyTest() {}
 *   public BackendProvider provider() { return new FileBackendProvider(); }
 *   public StoreConfig config(Path directory) { ... }
 *   public boolean persistent() { return true; }
 * }
 * }</pre>
 */
@AddLifecycleHook(value = RuleFailureMessages.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class CrashSafetyContract implements BackendFixture {

  static final int KILLS = 24;
  static final int EVENTUAL_KILLS = 8;

  /** How long a child may take to start and acknowledge its first commit; only a guard against hangs. */
  private static final long START_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** For subclasses. */
  protected CrashSafetyContract() {}

  /**
   * Returns once nothing the killed writer sent can still change the store; called after each
   * kill, before the store is checked. An embedded store dies with the writer's process, so this
   * does nothing by default. A server outlives it and may still be finishing a commit whose
   * {@code COMMIT} the writer sent just before it died: a server backend overrides this to wait
   * until the server has ended the writer's sessions, committed or rolled back.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  protected void awaitKilledWriterSettled() throws InterruptedException {}

  /** Every acknowledged commit survives SIGKILL intact, and no unfinished commit is partly visible. */
  @Contract(value = "A commit() applies every change of the transaction, or none of them, also across a crash of "
      + "the process; with Durability.IMMEDIATE the changes are on stable storage when commit() returns (NodeStore, "
      + "WriteTransaction.commit).",
      catches = "a store rewritten in place without a journal or a rename, so a kill mid-write tears it or loses an "
      + "acknowledged commit")
  @Example
  void required_killedWriterLosesNoAcknowledgedCommitAndLeavesNoPartialCommit() throws Exception {
    killRepeatedly(Durability.IMMEDIATE, KILLS, 20261123L);
  }

  /**
   * With {@code durability=eventual} a crash of the process alone loses nothing either (see
   * {@link Durability#EVENTUAL}); only a crash of the machine may.
   */
  @Contract(value = "Durability.EVENTUAL: a commit is written at once but synced later; a crash of the process "
      + "alone loses nothing (Durability).",
      catches = "eventual commits buffered in the JVM and written out only in the background or at close")
  @Example
  void required_eventualDurabilityLosesNothingWhenOnlyTheProcessIsKilled() throws Exception {
    killRepeatedly(Durability.EVENTUAL, EVENTUAL_KILLS, 20261124L);
  }

  private void killRepeatedly(Durability durability, int kills, long seed) throws Exception {
    FixtureByName.require(getClass(), "the writer JVM creates it by name");
    Path directory = Files.createTempDirectory("prolly-crash-");
    try {
      Files.createDirectories(directory.resolve(CrashingWriter.STORE_DIRECTORY));
      Random random = new Random(seed);
      long acknowledged = 0;
      for (int round = 1; round <= kills; round++) {
        Path output = directory.resolve("child-" + round + ".log");
        Process child = ChildJvm.start(CrashingWriter.class, output, getClass().getName(), directory.toString(),
            Long.toString(random.nextLong()), durability.name());
        try {
          awaitNewAcknowledgement(child, directory, acknowledged, output);
          // Let it run a little longer, so the kill lands anywhere in the commit cycle.
          Thread.sleep(random.nextInt(300));
        } finally {
          child.destroyForcibly();
          child.waitFor();
        }
        awaitKilledWriterSettled();
        Map<Long, Hash> acks = readAcknowledgements(directory);
        long newest = acks.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        verify(directory, acks, newest, "durability " + durability + ", after kill " + round);
        acknowledged = newest;
      }
      assertThat(acknowledged).as("commits acknowledged over %d kills", kills).isGreaterThanOrEqualTo(kills);
    } finally {
      TestDirectories.delete(directory);
    }
  }

  private void verify(Path directory, Map<Long, Hash> acks, long newestAcknowledged, String context) {
    try (NodeStore store = CrashingWriter.open(this, directory, Durability.IMMEDIATE);
        ReadTransaction tx = store.beginRead()) {
      CrashBatch head = CrashBatch.head(tx);
      long headNumber = head == null ? 0 : head.number();
      assertThat(headNumber).as("%s: the head commit's number (%d commits were acknowledged; at most one more"
          + " may have been in flight)", context, newestAcknowledged)
          .isBetween(newestAcknowledged, newestAcknowledged + 1);

      Set<Hash> expectedNodes = new HashSet<>();
      SortedMap<String, Hash> expectedRefs = new TreeMap<>();
      Map<Long, Hash> manifests = new HashMap<>();
      for (CrashBatch batch = head; batch != null; ) {
        Hash manifestId = batch.manifestId();
        manifests.put(batch.number(), manifestId);
        expectedNodes.add(manifestId);
        expectedRefs.put(CrashBatch.commitRef(batch.number()), manifestId);
        for (Hash id : batch.nodes()) {
          byte[] node = tx.get(id);
          assertThat(node).as("%s: node %s of commit %d", context, id.toShortHex(), batch.number()).isNotNull();
          assertThat(Hash.of(node)).as("%s: bytes of node %s of commit %d", context, id.toShortHex(), batch.number())
              .isEqualTo(id);
          expectedNodes.add(id);
        }
        Hash previous = batch.previous();
        batch = previous == null ? null : CrashBatch.read(tx, previous);
      }
      if (head != null) {
        expectedNodes.add(head.scratch());
        expectedRefs.put(CrashBatch.HEAD, head.manifestId());
      }
      acks.forEach((number, manifest) -> assertThat(manifests.get(number))
          .as("%s: the manifest of acknowledged commit %d", context, number).isEqualTo(manifest));
      assertThat(ContractBase.nodeIds(tx))
          .as("%s: exactly the nodes of the %d visible commits (a leftover is part of a torn commit)", context,
              headNumber)
          .isEqualTo(expectedNodes);
      assertThat(tx.refs("")).as("%s: exactly the refs of the visible commits", context)
          .containsExactlyInAnyOrderEntriesOf(expectedRefs);
      assertThat(store.stats().nodeCount()).as("%s: stats().nodeCount()", context).isEqualTo(expectedNodes.size());
      assertThat(store.stats().refCount()).as("%s: stats().refCount()", context).isEqualTo(expectedRefs.size());
    }
  }

  private static void awaitNewAcknowledgement(Process child, Path directory, long acknowledged, Path output)
      throws InterruptedException {
    long start = System.nanoTime();
    while (readAcknowledgements(directory).keySet().stream().noneMatch(n -> n > acknowledged)) {
      if (!child.isAlive()) {
        throw new AssertionError("the writer JVM exited with code " + child.exitValue() + " before committing;"
            + " its output:\n" + read(output));
      }
      if (System.nanoTime() - start > START_LIMIT_NANOS) {
        throw new AssertionError("the writer JVM acknowledged no commit within a minute; its output:\n" + read(output));
      }
      Thread.sleep(10);
    }
  }

  /** The complete lines of the log: commit number to manifest id. */
  private static Map<Long, Hash> readAcknowledgements(Path directory) {
    Path log = directory.resolve(CrashingWriter.ACK_LOG);
    Map<Long, Hash> acks = new HashMap<>();
    if (!Files.exists(log)) {
      return acks;
    }
    String text = read(log);
    int end = text.lastIndexOf('\n');
    for (String line : text.substring(0, end + 1).split("\n")) {
      if (!line.isEmpty()) {
        String[] parts = line.split(" ");
        acks.put(Long.parseLong(parts[0]), Hash.parse(parts[1]));
      }
    }
    return acks;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
