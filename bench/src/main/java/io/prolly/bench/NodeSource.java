package io.prolly.bench;

import io.prolly.spi.Hash;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Distinct pseudo-random nodes of {@link NodeStoreBenchmark#NODE_SIZE} bytes: a fixed random body
 * with a counter in front, so that every node is new and the bodies do not compress.
 *
 * <p>Not thread-safe.
 */
final class NodeSource {

  private final byte[] body = new byte[NodeStoreBenchmark.NODE_SIZE];
  private long counter;

  NodeSource(long seed) {
    new SplittableRandom(seed).nextBytes(body);
  }

  /** Returns the next {@code size} nodes by id, in the order they were made. */
  Map<Hash, byte[]> nextBatch(int size) {
    Map<Hash, byte[]> batch = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      byte[] node = body.clone();
      ByteBuffer.wrap(node).putLong(counter++);
      batch.put(Hash.of(node), node);
    }
    return batch;
  }
}
