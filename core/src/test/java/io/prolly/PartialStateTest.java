package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.spi.Hash;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What a partial state and clone options accept, and which namespaces a selection holds. */
class PartialStateTest {

  @Test
  void aSelectedNamespaceHoldsItselfAndWhatIsNestedBelowItOnly() {
    PartialState state = new PartialState(new TreeSet<>(), List.of("eu", "us/ny"));
    assertThat(state.hasNamespace("eu")).isTrue();
    assertThat(state.hasNamespace("eu/fr")).isTrue();
    assertThat(state.hasNamespace("europe")).isFalse();
    assertThat(state.hasNamespace("us")).isFalse();
    assertThat(state.hasNamespace("us/ny/queens")).isTrue();
    assertThat(state.hasNamespace("")).as("the root namespace's own keys").isFalse();
    assertThat(state.isPartial()).isTrue();
    assertThat(state.isShallow()).isFalse();
    assertThat(PartialState.COMPLETE.hasNamespace("")).isTrue();
    assertThat(PartialState.COMPLETE.isPartial()).isFalse();
    Hash commit = Hash.of(new byte[] {1});
    assertThat(new PartialState(new TreeSet<>(List.of(commit)), List.of()).isShallowAt(commit)).isTrue();
  }

  @Test
  void cloneOptionsRefuseWhatAPartialCloneCannotRecord() {
    assertThatThrownBy(() -> new CloneOptions(-1, List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth is -1");
    assertThatThrownBy(() -> CloneOptions.depth(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloneOptions.namespaces(new String[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no namespace given");
    assertThatThrownBy(() -> CloneOptions.namespaces("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root namespace");
    assertThatThrownBy(() -> CloneOptions.namespaces("eu//fr")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> new CloneOptions(0, Arrays.asList("eu", null))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> CloneOptions.namespaces("x".repeat(PartialRefs.MAX_NAMESPACE_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partial clone can select");
    assertThat(CloneOptions.namespaces("us", "eu", "us").namespaces()).containsExactly("eu", "us");
    assertThat(CloneOptions.FULL.isFull()).isTrue();
    assertThat(CloneOptions.depth(3).withDepth(CloneOptions.ALL_HISTORY).isFull()).isTrue();
  }
}
