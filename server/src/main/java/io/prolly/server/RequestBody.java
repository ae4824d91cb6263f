package io.prolly.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A request body that knows whether it was read to its end. A request refused before its body was
 * read leaves the rest on the connection: the answer says {@code Connection: close}, so that a
 * client does not send its next request on a connection about to close, and the server drops a
 * bounded rest of the body after the answer's bytes and before the answer ends, so that closing
 * does not reset the connection before the client read the answer.
 * Not thread-safe: one request's worker reads it.
 */
final class RequestBody extends FilterInputStream {

  /** The declared length; -1 when the body is chunked. */
  private final long declared;
  private long read;
  private boolean ended;

  RequestBody(InputStream in, @Nullable String contentLength, @Nullable String transferEncoding) {
    super(in);
    this.declared = declaredLength(contentLength, transferEncoding);
  }

  private static long declaredLength(@Nullable String contentLength, @Nullable String transferEncoding) {
    if (transferEncoding != null) {
      return -1;
    }
    try {
      return contentLength == null ? 0 : Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      return -1; // the JDK server refuses such a request before it gets here
    }
  }

  /** Whether the body has been read to its end (or had none). */
  boolean readWhole() {
    return ended || declared >= 0 && read >= declared;
  }

  /**
   * Reads and drops what is left of the body, at most {@code most} bytes: a connection closed
   * with bytes unread is reset, and a reset can reach the client before the answer it was sent.
   */
  void drop(InputStream through, long most) throws IOException {
    byte[] buffer = new byte[8192];
    long dropped = 0;
    while (!readWhole() && dropped < most) {
      int n = through.read(buffer, 0, (int) Math.min(buffer.length, most - dropped));
      if (n < 0) {
        return;
      }
      dropped += n;
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    count(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    count(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    read += skipped;
    return skipped;
  }

  private void count(int n) {
    if (n < 0) {
      ended = true;
    } else {
      read += n;
    }
  }
}
