package io.prolly.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Moves a progress bar by the bytes read through it. */
final class MeteredInputStream extends FilterInputStream {

  private final Progress progress;
  private long bytes;

  MeteredInputStream(InputStream in, Progress progress) {
    super(in);
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      progress.stepTo(++bytes);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      bytes += n;
      progress.stepTo(bytes);
    }
    return n;
  }
}
