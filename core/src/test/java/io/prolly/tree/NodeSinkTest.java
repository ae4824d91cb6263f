package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingWriteTransaction;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSinkTest {

  @Test
  void aRememberingSinkHandsANodeOverOnceAndAForgettingOneAsOftenAsItIsMade() {
    try (NodeStore store = new MemoryBackendProvider().open(StoreConfig.parse("memory:"))) {
      byte[] node = {1, 2, 3};
      Hash id = Hash.of(node);
      for (boolean remember : new boolean[] {true, false}) {
        int[] handed = new int[1];
        try (WriteTransaction tx = new ForwardingWriteTransaction(store.beginWrite()) {
          @Override
          public void putAll(Map<Hash, byte[]> nodes) {
            handed[0] += nodes.size();
            super.putAll(nodes);
          }
        }) {
          NodeSink sink = new NodeSink(tx, 1, remember);
          sink.put(id, node);
          sink.put(id, node);
          sink.flush();
          assertThat(handed[0]).as(remember ? "remembering" : "forgetting").isEqualTo(remember ? 1 : 2);
        }
      }
    }
  }
}
