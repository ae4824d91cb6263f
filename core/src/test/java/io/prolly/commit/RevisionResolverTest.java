package io.prolly.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevisionResolverTest {

  private final History history = new History();
  private Hash a;
  private Hash b;
  private Hash side;
  private Hash merge;
  private ReadTransaction tx;
  private RevisionResolver resolver;

  @BeforeEach
  void buildHistory() {
    a = history.commit("a");
    b = history.commit("b", a);
    side = history.commit("side", a);
    merge = history.commit("merge", b, side);
    history.ref("heads/main", merge);
    history.ref("heads/side", side);
    history.ref("tags/v1", b);
    history.ref("tags/main", a);
    tx = history.read();
    resolver = new RevisionResolver(tx);
  }

  @AfterEach
  void close() {
    tx.close();
    history.close();
  }

  @Test
  void namesResolveBranchBeforeTagThenFullRefs() {
    assertThat(resolver.resolve("main")).as("branch main wins over tag main").isEqualTo(merge);
    assertThat(resolver.resolve("tags/main")).isEqualTo(a);
    assertThat(resolver.resolve("heads/side")).isEqualTo(side);
    assertThat(resolver.resolve("v1")).isEqualTo(b);
  }

  @Test
  void aRemoteTrackingRefResolvesWithAndWithoutItsPrefixAfterBranchesTagsAndFullRefs() {
    history.ref("remotes/origin/main", b);
    history.ref("remotes/origin/feature/x", side);
    history.ref("remotes/v1/x", a);
    history.ref("heads/side/y", merge);
    history.ref("remotes/side/y", a);
    try (ReadTransaction now = history.read()) {
      RevisionResolver resolver = new RevisionResolver(now);
      assertThat(resolver.resolve("origin/main")).isEqualTo(b);
      assertThat(resolver.resolve("remotes/origin/main")).isEqualTo(b);
      assertThat(resolver.resolve("origin/feature/x~1")).isEqualTo(a);
      assertThat(resolver.resolve("v1/x")).isEqualTo(a);
      assertThat(resolver.resolve("side/y")).as("a branch wins over a tracking ref").isEqualTo(merge);
      assertThatThrownBy(() -> resolver.resolve("origin/gone")).isInstanceOf(RevisionNotFoundException.class);
    }
  }

  @Test
  void ancestorsAndParents() {
    assertThat(resolver.resolve("main~")).isEqualTo(b);
    assertThat(resolver.resolve("main~1")).isEqualTo(b);
    assertThat(resolver.resolve("main~2")).isEqualTo(a);
    assertThat(resolver.resolve("main^")).isEqualTo(b);
    assertThat(resolver.resolve("main^2")).isEqualTo(side);
    assertThat(resolver.resolve("main^0")).isEqualTo(merge);
    assertThat(resolver.resolve("main^2~1")).isEqualTo(a);
    assertThat(resolver.resolve("main~0^2^")).isEqualTo(a);
  }

  @Test
  void fullIdsAndUniquePrefixes() {
    assertThat(resolver.resolve(side.toHex())).isEqualTo(side);
    assertThat(resolver.resolve(side.toHex().toUpperCase())).isEqualTo(side);
    assertThat(resolver.resolve(side.toHex().substring(0, 12))).isEqualTo(side);
    assertThat(resolver.resolve(merge.toHex().substring(0, 10) + "~1")).isEqualTo(b);
  }

  @Test
  void ambiguousPrefixListsTheCandidates() {
    Hash first = null;
    Hash second = null;
    // Make commits until two share their first four hex digits.
    java.util.Map<String, Hash> byPrefix = new java.util.HashMap<>();
    for (int i = 0; second == null; i++) {
      Hash commit = history.commit("twin hunt " + i, a);
      history.ref("heads/hunt-" + i, commit);
      Hash earlier = byPrefix.putIfAbsent(commit.toHex().substring(0, 4), commit);
      if (earlier != null) {
        first = earlier;
        second = commit;
      }
    }
    String prefix = first.toHex().substring(0, 4);
    try (ReadTransaction fresh = history.read()) {
      assertThatThrownBy(() -> new RevisionResolver(fresh).resolve(prefix))
          .isInstanceOf(RevisionNotFoundException.class)
          .hasMessageContaining("several commits")
          .hasMessageContaining(first.toShortHex())
          .hasMessageContaining(second.toShortHex())
          .hasMessageContaining("give more digits");
    }
  }

  @Test
  void failuresSayWhatIsWrong() {
    assertThatThrownBy(() -> resolver.resolve("mian"))
        .isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("no branch, tag or commit is called 'mian'")
        .hasMessageContaining("branches: main, side")
        .satisfies(e -> assertThat(((RevisionNotFoundException) e).revision()).isEqualTo("mian"));
    assertThatThrownBy(() -> resolver.resolve("main~3")).isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("past the first commit");
    assertThatThrownBy(() -> resolver.resolve("side^2")).isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("has 1 parent, so it has no parent 2");
    assertThatThrownBy(() -> resolver.resolve("0000")).isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("matches '0000'");
    assertThatThrownBy(() -> resolver.resolve("0".repeat(64))).isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("there is no commit");
    assertThatThrownBy(() -> resolver.resolve("main~x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' at index 5");
    assertThatThrownBy(() -> resolver.resolve("~1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no branch, tag or commit before '~'");
    assertThatThrownBy(() -> resolver.resolve(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolver.resolve("main~99999999999")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }
}
