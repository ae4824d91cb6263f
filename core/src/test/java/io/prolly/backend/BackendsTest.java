package io.prolly.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.BackendNotFoundException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import io.prolly.spi.WriteTransaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {

  private final Backends backends = Backends.discover();

  @Test
  void findsTheMemoryBackendOnTheClassPath() {
    assertThat(backends.providers()).containsKey("memory");
  }

  @Test
  void opensAWorkingStoreFromAUri() {
    byte[] node = {1, 2, 3};
    Hash id = Hash.of(node);
    try (NodeStore store = backends.open("memory:")) {
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(id, node);
        tx.setRef("heads/main", null, id);
        tx.commit();
      }
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(id)).isEqualTo(node);
        assertThat(tx.ref("heads/main")).isEqualTo(id);
      }
      assertThat(store.config().scheme()).isEqualTo("memory");
    }
  }

  @Test
  void unknownSchemeListsTheSchemesFoundAndTheArtifactToAdd() {
    assertThatThrownBy(() -> backends.open("lmdbx:/tmp/x"))
        .isInstanceOf(BackendNotFoundException.class)
        .hasMessageContaining("'lmdbx'")
        .hasMessageContaining("memory")
        .hasMessageContaining("io.prolly:prolly-backend-lmdbx")
        .satisfies(e -> {
          BackendNotFoundException notFound = (BackendNotFoundException) e;
          assertThat(notFound.scheme()).isEqualTo("lmdbx");
          assertThat(notFound.availableSchemes()).contains("memory");
        });
  }

  @Test
  void unknownOptionIsRejectedBeforeOpening() {
    assertThatThrownBy(() -> backends.open("memory:?mapSize=4g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no option 'mapSize'")
        .hasMessageContaining("durability");
  }

  @Test
  void aMistypedOptionOfARepositoryListsTheRepositorysOptionsToo() {
    assertThatThrownBy(() -> io.prolly.Prolly.open("memory:?nodeCacheSiz=3m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no option 'nodeCacheSiz'")
        .hasMessageContaining("durability, nodeCacheSize, verifyNodes");
  }

  @Test
  void theCallersOptionsAreCheckedThenLeftOutOfWhatTheBackendIsGiven() {
    StoreOption<Long> budget = StoreOption.ofLong("pageBudget", 1, "a caller's own option");
    try (NodeStore store = backends.open(StoreConfig.parse("memory:?pageBudget=5&durability=none"), List.of(budget))) {
      assertThat(store.config().options()).containsOnlyKeys("durability");
    }
    assertThatThrownBy(() -> backends.open(StoreConfig.parse("memory:?pageBudget=lots"), List.of(budget)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageBudget");
    assertThatThrownBy(() -> backends.open(StoreConfig.parse("memory:?pageBudget=5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no option 'pageBudget'");
  }

  @Test
  void messagesAndNamesNeverShowAPassword() {
    assertThatThrownBy(() -> backends.open("memory:?password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("hunter2");
    NodeStore store = new io.prolly.backend.memory.MemoryBackendProvider()
        .open(StoreConfig.parse("memory:?clientSecret=s3cret"));
    try (io.prolly.Repository repository = io.prolly.Prolly.over(store)) {
      assertThat(repository.toString()).isEqualTo("Repository(memory:?clientSecret=***)");
    }
    assertThat(store.toString()).doesNotContain("s3cret");
    assertThatThrownBy(store::stats).hasMessageNotContaining("s3cret").hasMessageContaining("clientSecret=***");
  }

  @Test
  void badDurabilityValueNamesTheOptionAndTheChoices() {
    assertThatThrownBy(() -> backends.open("memory:?durability=sometimes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durability")
        .hasMessageContaining("immediate, eventual, none");
  }

  @Test
  void acceptsTheDurabilityOptionEveryBackendHas() {
    try (NodeStore store = backends.open(StoreConfig.builder("memory").durability(io.prolly.spi.Durability.NONE).build())) {
      assertThat(store.config().durability()).isEqualTo(io.prolly.spi.Durability.NONE);
    }
  }

  @Test
  void uriWithoutASchemeIsRejected() {
    assertThatThrownBy(() -> backends.open("/var/lib/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme");
  }
}
