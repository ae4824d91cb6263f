package io.prolly.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import net.jqwik.api.Example;

class DiskSpaceTest {

  private static final Path HERE = Path.of(System.getProperty("java.io.tmpdir"));

  @Example
  void aFullDiskMessageAnywhereInTheCausesCounts() {
    RuntimeException wrapped = new RuntimeException("Writing to channel failed; length 24576 at 7122944",
        new UncheckedIOException(new IOException("No space left on device")));
    assertThat(DiskSpace.ranOut(HERE, 0, wrapped)).isTrue();
    assertThat(DiskSpace.ranOut(HERE, 0, new IOException("Disk quota exceeded"))).isTrue();
    assertThat(DiskSpace.ranOut(HERE, 0, new IOException("There is not enough space on the disk"))).isTrue();
  }

  @Example
  void anotherFailureWithSpaceLeftDoesNot() {
    IOException io = new IOException("Input/output error");
    assertThat(DiskSpace.ranOut(HERE, 0, io)).as("bytes needed unknown").isFalse();
    assertThat(DiskSpace.ranOut(HERE, 1, io)).as("one byte needed").isFalse();
    assertThat(DiskSpace.ranOut(HERE.resolve("missing").resolve("below"), 1, io)).as("below a missing directory")
        .isFalse();
  }

  @Example
  void aFailedWriteNeedingMoreThanTheUsableSpaceCounts() {
    assertThat(DiskSpace.ranOut(HERE, Long.MAX_VALUE - 1, new IOException("Input/output error"))).isTrue();
  }

  @Example
  void roomIsTheUsableSpaceOfTheFileSystem() {
    assertThat(DiskSpace.hasRoom(HERE, 0)).isTrue();
    assertThat(DiskSpace.hasRoom(HERE.resolve("missing"), 1)).as("below a missing directory").isTrue();
    assertThat(DiskSpace.hasRoom(HERE, Long.MAX_VALUE - 1)).isFalse();
    assertThatThrownBy(() -> DiskSpace.hasRoom(HERE, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes");
  }

  @Example
  void causeCyclesEnd() {
    IOException first = new IOException("first");
    IOException second = new IOException("second", first);
    first.initCause(second);
    assertThat(DiskSpace.ranOut(HERE, 0, first)).isFalse();
  }

  @Example
  void badArgumentsAreRefused() {
    IOException io = new IOException("x");
    assertThatThrownBy(() -> DiskSpace.ranOut(null, 0, io)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("location");
    assertThatThrownBy(() -> DiskSpace.ranOut(HERE, 0, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failure");
    assertThatThrownBy(() -> DiskSpace.ranOut(HERE, -1, io)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytesNeeded");
  }
}
