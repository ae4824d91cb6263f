package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.spi.Hash;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedEditsTest {

  @Test
  void editsMustComeInIncreasingUnsignedKeyOrder() {
    SortedEdits edits = new SortedEdits();
    edits.add(new byte[] {1}, null);
    edits.add(new byte[] {(byte) 0x80}, new byte[] {7});
    assertThatThrownBy(() -> edits.add(new byte[] {(byte) 0x80}, null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of key order");
    assertThatThrownBy(() -> edits.add(new byte[] {2}, null)).isInstanceOf(IllegalStateException.class);
    assertThat(edits.size()).isEqualTo(2);
    assertThat(edits.key(1)).containsExactly((byte) 0x80);
    assertThat(edits.value(1)).containsExactly(7);
    assertThat(edits.value(0)).isNull();
  }

  @Test
  void aNewNodeReplacesTheDeleteOfAnOldNodeWithTheSameLastKey() {
    LevelWriter.Chunk b = new LevelWriter.Chunk(Hash.of(new byte[] {1}), new byte[] {1}, new byte[] {'b'}, 1, 3);
    LevelWriter.Chunk d = new LevelWriter.Chunk(Hash.of(new byte[] {2}), new byte[] {2}, new byte[] {'d'}, 1, 4);
    SortedEdits edits = SortedEdits.forParents(List.of(new byte[] {'a'}, new byte[] {'b'}, new byte[] {'c'}),
        List.of(b, d));
    assertThat(edits.size()).isEqualTo(4);
    assertThat(List.of(edits.key(0)[0], edits.key(1)[0], edits.key(2)[0], edits.key(3)[0]))
        .containsExactly((byte) 'a', (byte) 'b', (byte) 'c', (byte) 'd');
    assertThat(edits.value(0)).isNull();
    assertThat(edits.value(1)).isEqualTo(b.parentValue());
    assertThat(edits.value(2)).isNull();
    assertThat(edits.value(3)).isEqualTo(d.parentValue());
  }
}
