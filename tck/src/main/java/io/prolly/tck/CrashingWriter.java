package io.prolly.tck;

import io.prolly.spi.Durability;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * The child process of {@link CrashSafetyContract}: opens the store of a fixture with the
 * given durability and commits {@link CrashBatch}es in a loop, appending one line
 * per commit to an acknowledgement log only after {@code commit()} returned. It runs until the
 * test kills it, or until {@value #MAX_COMMITS} commits.
 *
 * <p>Not for use outside the TCK; public only so that {@code java} can start it.
 */
public final class CrashingWriter {

  static final String ACK_LOG = "acknowledged.log";
  static final String STORE_DIRECTORY = "store";
  private static final int MAX_COMMITS = 100_000;

  private CrashingWriter() {}

  /**
   * Runs the writer.
   *
   * @param args the fixture class (public, with a public no-argument constructor), the test
   *     directory, a random seed and the durability ({@code IMMEDIATE} or {@code EVENTUAL})
   * @throws Exception if anything fails; the test then sees an exit code and the output
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: CrashingWriter <fixture class> <directory> <seed> <durability>");
    }
    BackendFixture fixture = FixtureByName.create(args[0]);
    Path directory = Path.of(args[1]);
    Random random = new Random(Long.parseLong(args[2]));
    Durability durability = Durability.valueOf(args[3]);
    try (NodeStore store = open(fixture, directory, durability);
        FileChannel log = FileChannel.open(directory.resolve(ACK_LOG),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      CrashBatch previous;
      try (ReadTransaction tx = store.beginRead()) {
        previous = CrashBatch.head(tx);
      }
      for (int i = 0; i < MAX_COMMITS; i++) {
        CrashBatch batch;
        try (WriteTransaction tx = store.beginWrite()) {
          batch = CrashBatch.stageNext(tx, previous, random);
          tx.commit();
        }
        acknowledge(log, batch);
        previous = batch;
      }
    }
  }

  static NodeStore open(BackendFixture fixture, Path directory, Durability durability) {
    StoreConfig config = fixture.config(directory.resolve(STORE_DIRECTORY)).toBuilder()
        .durability(durability).build();
    return fixture.provider().open(config);
  }

  private static void acknowledge(FileChannel log, CrashBatch batch) throws IOException {
    // One write per line: the test reads only complete lines, so a kill mid-line loses nothing acknowledged.
    ByteBuffer line = ByteBuffer.wrap((batch.number() + " " + batch.manifestId().toHex() + "\n")
        .getBytes(StandardCharsets.US_ASCII));
    while (line.hasRemaining()) {
      log.write(line);
    }
  }
}
