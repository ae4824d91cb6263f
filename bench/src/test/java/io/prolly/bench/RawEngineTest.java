package io.prolly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Durability;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each raw engine stores and reads back what the benchmarks give it, so its figures measure real work. */
class RawEngineTest {

  @ParameterizedTest
  @ValueSource(strings = {"file", "lmdb", "rocksdb"})
  void readsBackTheBatchesAndTheCommitsItWasGiven(String engine) {
    RawEngineBenchmark.RawBatch batch = new RawEngineBenchmark.RawBatch(new NodeSource(1).nextBatch(10));
    RawEngineBenchmark.RawBatch single = new RawEngineBenchmark.RawBatch(new NodeSource(2).nextBatch(1));
    try (RawEngineBenchmark.Scratch scratch = new RawEngineBenchmark.Scratch(engine, Durability.IMMEDIATE)) {
      scratch.engine.writeBatch(batch.ids, batch.nodes);
      scratch.engine.commitNodeAndRef(single.ids[0], single.nodes[0], "heads/main".getBytes(StandardCharsets.UTF_8));

      try (RawReader reader = scratch.engine.beginRead()) {
        for (int i = 0; i < batch.ids.length; i++) {
          assertThat(reader.get(batch.ids[i])).isEqualTo(batch.nodes[i]);
        }
        assertThat(reader.get(single.ids[0])).isEqualTo(single.nodes[0]);
        assertThat(reader.get(new byte[32])).isNull();
      }
    }
  }
}
