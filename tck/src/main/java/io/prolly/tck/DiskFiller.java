package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.CommitInfo;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.VerifyReport;
import io.prolly.error.ProllyException;
import io.prolly.error.StorageFullException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The child process of {@link DiskFullContract}, run with a small tmpfs of its own mounted over
 * the test directory: it writes a ballast file, then commits random values through a
 * {@link Repository} until a commit fails, checks the failure and the store, and closes it with
 * the disk still full. It opens the store again, checks it, commits through the new handle until
 * a commit fails again (at once, usually), deletes the ballast, commits the failed changes and a
 * few more through the same handle, and checks the store once more, also after reopening it. A broken rule ends it
 * with an {@link AssertionError} and a non-zero exit code; the test shows its output.
 *
 * <p>Not for use outside the TCK; public only so that {@code java} can start it.
 */
public final class DiskFiller {

  /** The size of the small file system. */
  static final long FILE_SYSTEM_BYTES = 16L << 20;
  /**
   * The ballast, more than half the file system: once it is deleted there is room for what an
   * engine writes to recover, such as RocksDB flushing every commit of its log into a table.
   */
  static final long BALLAST_BYTES = 9L << 20;
  private static final int VALUES_PER_COMMIT = 16;
  private static final int VALUE_BYTES = 4096;
  /** Random values of this many bytes fill any store on the small file system many times over. */
  private static final long GIVE_UP_BYTES = 8 * FILE_SYSTEM_BYTES;
  private static final int COMMITS_AFTER_RECOVERY = 3;
  private static final String BRANCH = "main";

  private final BackendFixture fixture;
  private final Path directory;
  private final StoreConfig config;
  private final SplittableRandom random = new SplittableRandom(20260518L);
  /** Everything acknowledged commits wrote, the whole content of the branch. */
  private final Map<String, byte[]> committed = new HashMap<>();
  /** What the working copy has staged and not yet committed. */
  private final Map<String, byte[]> staged = new HashMap<>();
  /** The acknowledged commits, oldest first. */
  private final List<Hash> acknowledged = new ArrayList<>();

  private DiskFiller(BackendFixture fixture, Path directory) {
    this.fixture = fixture;
    this.directory = directory;
    this.config = fixture.config(directory.resolve("store")).toBuilder().durability(Durability.IMMEDIATE).build();
  }

  /**
   * Runs the check.
   *
   * @param args the fixture class (public, with a public no-argument constructor) and the
   *     directory with the small file system
   * @throws Exception if anything fails; the test then sees an exit code and the output
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: DiskFiller <fixture class> <directory on a small file system>");
    }
    new DiskFiller(FixtureByName.create(args[0]), Path.of(args[1])).run();
  }

  private void run() throws IOException {
    long total = Files.getFileStore(directory).getTotalSpace();
    // Never fill a real disk: the mount must be the small file system this JVM was started with.
    assertThat(total).as("the size of the file system at %s (a tmpfs of %d bytes was to be mounted there)",
        directory, FILE_SYSTEM_BYTES).isBetween(FILE_SYSTEM_BYTES / 2, FILE_SYSTEM_BYTES);
    Path ballast = writeBallast();
    Repository first = open();
    StorageFullException full = fillUntilFull(first.store(BRANCH, Codecs.bytes()));
    int firstCommits = acknowledged.size();
    check(first, "after the failed commit, with the disk still full");
    String closed = closeWhileFull(first);
    // The working copy's staged changes went with it.
    staged.clear();
    try (Repository second = open()) {
      check(second, "opened again with the disk still full");
      Store<byte[]> pending = second.store(BRANCH, Codecs.bytes());
      // A commit on this handle too, so that its recovery is the one tested: fails at once, or
      // after the few commits that now fit.
      fillUntilFull(pending);
      check(second, "after a commit through the second handle, with the disk still full");
      Files.delete(ballast);
      // The changes of the failed commit are still staged: committing them again must work now.
      commit(pending, "after freeing space, the changes of the failed commit");
      for (int i = 0; i < COMMITS_AFTER_RECOVERY; i++) {
        stage(pending);
        commit(pending, "after freeing space, commit " + (i + 1) + " of " + COMMITS_AFTER_RECOVERY);
      }
      check(second, "after freeing space and committing again");
    }
    try (Repository third = open()) {
      check(third, "after reopening");
    }
    System.out.println("acknowledged " + firstCommits + " commits (" + firstCommits * VALUES_PER_COMMIT
        * (long) VALUE_BYTES + " bytes of values) on a " + FILE_SYSTEM_BYTES + "-byte file system with a "
        + BALLAST_BYTES + "-byte ballast, then " + (acknowledged.size() - firstCommits) + " more through a second"
        + " handle; closing with the disk full " + closed + "; the commit that did not fit threw: " + full);
  }

  /** Closing with the disk full may fail, with a {@code ProllyException}; what it loses the next open shows. */
  private static String closeWhileFull(Repository repository) {
    try {
      repository.close();
      return "succeeded";
    } catch (RuntimeException e) {
      assertThat(e).as("the exception of closing the repository with the disk full").isInstanceOf(ProllyException.class);
      return "threw " + e;
    }
  }

  private Repository open() {
    return Prolly.over(fixture.provider().open(config));
  }

  private Path writeBallast() throws IOException {
    Path ballast = directory.resolve("ballast");
    ByteBuffer block = ByteBuffer.allocate(1 << 20);
    try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long written = 0; written < BALLAST_BYTES; written += block.capacity()) {
        block.clear();
        while (block.hasRemaining()) {
          channel.write(block);
        }
      }
      channel.force(true);
    }
    return ballast;
  }

  /** Commits until a commit fails; returns its exception, with the store's changes still staged. */
  private StorageFullException fillUntilFull(Store<byte[]> store) {
    for (long bytes = 0; bytes < GIVE_UP_BYTES; bytes += (long) VALUES_PER_COMMIT * VALUE_BYTES) {
      stage(store);
      Hash id;
      try {
        id = store.commit("fill " + acknowledged.size()).id();
      } catch (RuntimeException failure) {
        return requireFull(failure, "the commit that did not fit, after " + acknowledged.size() + " commits");
      }
      acknowledge(id);
    }
    throw new AssertionError("commits of " + GIVE_UP_BYTES + " bytes of random values on a file system of "
        + FILE_SYSTEM_BYTES + " bytes all succeeded; the store cannot be on the small file system");
  }

  private StorageFullException requireFull(RuntimeException failure, String what) {
    assertThat(failure).as("the exception of %s on the full disk: it must be a StorageFullException naming the"
        + " location", what).isInstanceOf(StorageFullException.class);
    assertThat(((StorageFullException) failure).location()).as("the location the exception names")
        .isEqualTo(config.location());
    assertThat(failure.getMessage()).as("the message of %s", failure).contains(config.location());
    return (StorageFullException) failure;
  }

  private void stage(Store<byte[]> store) {
    for (int i = 0; i < VALUES_PER_COMMIT; i++) {
      byte[] value = new byte[VALUE_BYTES];
      for (int j = 0; j < value.length; j += 8) {
        long bits = random.nextLong();
        for (int k = 0; k < 8; k++) {
          value[j + k] = (byte) (bits >>> (8 * k));
        }
      }
      String key = String.format("key-%06d-%02d", acknowledged.size(), i);
      store.set(key, value);
      staged.put(key, value);
    }
  }

  private void commit(Store<byte[]> store, String what) {
    Hash id;
    try {
      id = store.commit(what).id();
    } catch (RuntimeException e) {
      throw new AssertionError("the commit " + what + " failed, after " + acknowledged.size()
          + " acknowledged commits", e);
    }
    acknowledge(id);
  }

  private void acknowledge(Hash id) {
    acknowledged.add(id);
    committed.putAll(staged);
    staged.clear();
  }

  /** Every acknowledged commit is in the branch's history and intact, and the head holds exactly what they wrote. */
  private void check(Repository repository, String when) {
    assertThat(acknowledged).as("commits acknowledged %s", when).isNotEmpty();
    List<Hash> newestFirst = new ArrayList<>(acknowledged);
    Collections.reverse(newestFirst);
    assertThat(repository.resolve(BRANCH)).as("the head of %s %s: the last acknowledged commit", BRANCH, when)
        .isEqualTo(newestFirst.get(0));
    try (var log = repository.log(BRANCH)) {
      assertThat(log.map(CommitInfo::id).collect(Collectors.toList()))
          .as("the history of %s %s: every acknowledged commit, nothing else", BRANCH, when)
          .containsExactlyElementsOf(newestFirst);
    }
    Map<String, byte[]> head = new HashMap<>();
    repository.snapshot(BRANCH, Codecs.bytes()).entries().forEach(entry -> head.put(entry.getKey(), entry.getValue()));
    assertThat(head.keySet()).as("the keys of %s %s", BRANCH, when).isEqualTo(committed.keySet());
    for (Map.Entry<String, byte[]> entry : committed.entrySet()) {
      assertThat(head.get(entry.getKey())).as("the value of %s %s", entry.getKey(), when).isEqualTo(entry.getValue());
    }
    VerifyReport report = repository.maintenance().verify();
    assertThat(report.problems()).as("what verify() finds %s", when).isEmpty();
    assertThat(report.commitsChecked()).as("commits verify() checked %s", when)
        .isGreaterThanOrEqualTo(acknowledged.size());
  }
}
