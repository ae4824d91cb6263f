package io.prolly.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Moves a progress bar by the bytes written through it. */
final class MeteredOutputStream extends FilterOutputStream {

  private final Progress progress;
  private long bytes;

  MeteredOutputStream(OutputStream out, Progress progress) {
    super(out);
    this.progress = progress;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    progress.stepTo(++bytes);
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    out.write(buffer, offset, length);
    bytes += length;
    progress.stepTo(bytes);
  }
}
