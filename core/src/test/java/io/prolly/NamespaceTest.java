package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Example;

class NamespaceTest {

  @Example
  void pathsNestAndRelativize() {
    Namespace eu = Namespace.ROOT.resolve("eu");
    Namespace fr = eu.resolve("fr/paris");
    assertThat(fr.path()).isEqualTo("eu/fr/paris");
    assertThat(fr.parent().path()).isEqualTo("eu/fr");
    assertThat(eu.parent()).isEqualTo(Namespace.ROOT);
    assertThat(eu.isAncestorOf(fr)).isTrue();
    assertThat(fr.isAncestorOf(eu)).isFalse();
    assertThat(Namespace.ROOT.resolve("euro").path()).isEqualTo("euro");
    assertThat(eu.isAncestorOf(Namespace.ROOT.resolve("euro"))).as("a prefix of a segment is not nesting").isFalse();
    assertThat(eu.relativize(fr)).isEqualTo("fr/paris");
    assertThat(fr.qualify("k")).isEqualTo("eu/fr/paris/k");
    assertThat(Namespace.ROOT.qualify("k")).isEqualTo("k");
  }

  @Example
  void malformedNamesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Namespace.ROOT.resolve("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Namespace.ROOT.resolve("a//b")).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> Namespace.ROOT.resolve("/a")).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> Namespace.ROOT.resolve("a\n")).hasMessageContaining("control character");
    assertThatThrownBy(() -> Namespace.ROOT.resolve("x".repeat(1025))).hasMessageContaining("1024");
  }
}
