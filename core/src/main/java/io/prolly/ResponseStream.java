package io.prolly;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A response body read as an {@link InputStream}, like {@link HttpResponse.BodyHandlers#ofInputStream()},
 * but asking the HTTP client for up to {@value #WINDOW} buffer lists ahead instead of one: the
 * JDK's stream asks for the next list only once the reader took the last, so on a long answer
 * (a clone's {@code stream}) every list of at most 16 KiB cost the reading thread a wake-up of the
 * client's selector thread, and the selector stopped and restarted reading the socket. At most
 * {@value #WINDOW} lists wait here, so the memory a body holds stays bounded.
 *
 * <p>Errors and ends read as the JDK's stream reads them: a failed or cut body throws an
 * {@link IOException} whose cause is the client's, a body closed before its end cancels it (the
 * connection is then not reused), an interrupt while waiting closes the body. One reading thread.
 */
final class ResponseStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

  /** Buffer lists asked for ahead; the next are asked for once half of them were taken. */
  static final int WINDOW = 16;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  /** Guarded by lock. */
  private final ArrayDeque<List<ByteBuffer>> lists = new ArrayDeque<>();
  /** Guarded by lock. */
  private boolean complete;
  /** Guarded by lock. */
  private @Nullable Throwable failed;
  private volatile boolean closed;
  private volatile Flow.@Nullable Subscription subscription;
  /** The reader's: lists taken since demand was last raised, and where it reads now. */
  private int taken;
  private @Nullable Iterator<ByteBuffer> list;
  private @Nullable ByteBuffer current;
  private boolean ended;

  /** A handler that reads every response body through a new {@code ResponseStream}. */
  static HttpResponse.BodyHandler<InputStream> handler() {
    return info -> new ResponseStream();
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    // The stream before its bytes, as ofInputStream: the caller reads the status first.
    return CompletableFuture.completedStage(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    boolean cancel;
    lock.lock();
    try {
      cancel = closed || subscription != null;
      if (!cancel) {
        subscription = s;
      }
    } finally {
      lock.unlock();
    }
    if (cancel) {
      s.cancel();
    } else {
      s.request(WINDOW);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    lock.lock();
    try {
      lists.add(buffers);
      arrived.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onError(Throwable error) {
    lock.lock();
    try {
      failed = error;
      arrived.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onComplete() {
    lock.lock();
    try {
      complete = true;
      arrived.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The buffer to read from, waiting for one; null at the end of the body. */
  private @Nullable ByteBuffer current() throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    while (current == null || !current.hasRemaining()) {
      if (ended) {
        return null;
      }
      if (list != null && list.hasNext()) {
        current = list.next();
        continue;
      }
      list = take();
      if (list == null) {
        ended = true;
        return null;
      }
    }
    return current;
  }

  /** Takes the next list, waiting for it, raising demand as lists are taken; null at the end. */
  private @Nullable Iterator<ByteBuffer> take() throws IOException {
    List<ByteBuffer> next;
    lock.lock();
    try {
      while (lists.isEmpty() && failed == null && !complete) {
        try {
          arrived.await();
        } catch (InterruptedException e) {
          lock.unlock();
          try {
            close();
          } finally {
            lock.lock();
          }
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      if (failed != null) {
        throw new IOException("closed", failed);
      }
      next = lists.poll();
    } finally {
      lock.unlock();
    }
    if (next == null) {
      return null; // complete, and every list was read
    }
    if (++taken >= WINDOW / 2) {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.request(taken);
      }
      taken = 0;
    }
    return next.iterator();
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    ByteBuffer buffer = current();
    if (buffer == null) {
      return -1;
    }
    int read = Math.min(buffer.remaining(), length);
    buffer.get(bytes, offset, read);
    return read;
  }

  @Override
  public int read() throws IOException {
    ByteBuffer buffer = current();
    return buffer == null ? -1 : buffer.get() & 0xFF;
  }

  @Override
  public int available() {
    if (closed || ended) {
      return 0;
    }
    ByteBuffer buffer = current;
    if (buffer != null && buffer.hasRemaining()) {
      return buffer.remaining();
    }
    if (list != null && list.hasNext()) {
      return 1;
    }
    lock.lock();
    try {
      return lists.isEmpty() ? 0 : 1;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    Flow.Subscription s;
    boolean cancel;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      cancel = !complete && failed == null;
      lists.clear();
      s = subscription;
    } finally {
      lock.unlock();
    }
    if (cancel && s != null) {
      s.cancel();
    }
  }
}
