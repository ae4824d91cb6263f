package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.Example;

class IncrementalPushTest {

  @Example
  void pushingAHundredChangedKeysOfAMillionSendsUnderOnePercentOfTheNodes() {
    try (Repository local = Prolly.inMemory(); Repository remote = Prolly.inMemory()) {
      Store<byte[]> store = local.store("main", Codecs.bytes());
      for (int i = 0; i < 1_000_000; i++) {
        store.set(key(i), value(i));
      }
      store.commit("a million keys");
      SyncReport full = local.transfer().cloneInto(remote);
      SplittableRandom random = new SplittableRandom(4);
      for (int i = 0; i < 100; i++) {
        store.set(key(random.nextInt(1_000_000)), value(-i));
      }
      store.commit("a hundred changes");
      SyncReport push = local.transfer().push(remote, "main");
      assertThat(push.nodesTransferred()).as("nodes pushed against %d for the full clone", full.nodesTransferred())
          .isLessThan(full.nodesTransferred() / 100);
      assertThat(push.bytesTransferred()).isLessThan(full.bytesTransferred() / 100);
      assertThat(remote.resolve("main")).isEqualTo(local.resolve("main"));
    }
  }

  /** 16-byte keys and 100-byte values, the shape of the benchmarks. */
  private static String key(int i) {
    return String.format("k%015d", i);
  }

  private static byte[] value(int i) {
    byte[] value = new byte[100];
    java.nio.ByteBuffer.wrap(value).putInt(i);
    return value;
  }
}
