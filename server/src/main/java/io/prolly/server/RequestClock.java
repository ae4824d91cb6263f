package io.prolly.server;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time limit of one request, against clients that trickle their body (or read the answer) so
 * slowly that they hold a worker thread for ever. Every read and write of the connection checks
 * the limit: a read after it fails, and the request is answered 408. A client that sends nothing
 * at all blocks the read; a moment after the limit a timer interrupts the worker, which the JDK
 * server's blocking socket channel turns into closing the connection.
 *
 * <p>The interrupt is aimed at socket I/O only: a worker may be reading or writing the repository
 * between two socket calls, and an interrupt there would close a backend's file channel. So each
 * socket call is bracketed by a state change, the timer interrupts only a worker inside one, and
 * the worker clears any interrupt before it leaves the bracket.
 *
 * <p>The server also times the reading of a request's line and headers, which the JDK server does
 * on the worker before calling the handler, with a clock of its own: that reading is one bracket,
 * from {@link #enter} before the JDK server runs the exchange to {@link #leave} as the handler starts.
 */
final class RequestClock implements AutoCloseable {

  /** A request past its time limit: the message says so, the server answers 408. */
  static final class Expired extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    Expired(String message) {
      super(message);
    }
  }

  @FunctionalInterface
  interface SocketCall<T> {
    T run() throws IOException;
  }

  private static final int OUTSIDE = 0;
  private static final int INSIDE = 1;
  private static final int CUT = 2;
  private static final int CLOSED = 3;

  private final AtomicInteger state = new AtomicInteger(OUTSIDE);
  private final Thread worker = Thread.currentThread();
  private final long deadline;
  private final Duration limit;
  private final ScheduledFuture<?> cut;

  /** Starts the clock of the request the current thread handles. */
  RequestClock(ScheduledExecutorService timer, Duration limit) {
    this.limit = limit;
    this.deadline = System.nanoTime() + limit.toNanos();
    // The grace lets a trickling client's next read find the limit passed and get its 408 first;
    // the timer then keeps cutting, so that closing the exchange (which drains the body) is cut too.
    long grace = Math.min(limit.toMillis(), 5000);
    this.cut = timer.scheduleWithFixedDelay(this::cut, limit.toMillis() + grace, Math.max(grace, 100),
        TimeUnit.MILLISECONDS);
  }

  boolean expired() {
    return System.nanoTime() - deadline > 0;
  }

  String message() {
    return "the request took longer than the " + describe(limit) + " this server allows one request (a body or an "
        + "answer moving too slowly); send it again on a faster connection, or push fewer commits at a time";
  }

  private static String describe(Duration limit) {
    return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
  }

  private void cut() {
    synchronized (this) {
      if (state.compareAndSet(INSIDE, CUT)) {
        worker.interrupt();
      }
    }
  }

  /**
   * Runs one call on the connection; a call still blocked a moment after the limit is cut, which
   * closes the connection.
   *
   * @throws Expired if the call was cut
   */
  <T> T socket(SocketCall<T> call) throws IOException {
    enter();
    try {
      return call.run();
    } finally {
      leave();
    }
  }

  /** Starts socket I/O that the clock may cut: from here to {@link #leave} the thread touches only the connection. */
  void enter() {
    state.compareAndSet(OUTSIDE, INSIDE);
  }

  /**
   * Ends the socket I/O that {@link #enter} started.
   *
   * @throws Expired if the clock cut it meanwhile
   */
  void leave() throws Expired {
    if (state.get() == CUT) {
      // Wait until the timer's interrupt is delivered, then clear it, so that it reaches no later
      // repository I/O of this thread.
      synchronized (this) {
        Thread.interrupted();
        state.set(OUTSIDE);
      }
      throw new Expired(message());
    }
    state.compareAndSet(INSIDE, OUTSIDE);
  }

  InputStream body(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        checkTime();
        return socket(in::read);
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        checkTime();
        return socket(() -> in.read(buffer, offset, length));
      }

      @Override
      public long skip(long n) throws IOException {
        checkTime();
        return socket(() -> in.skip(n));
      }

      @Override
      public int available() throws IOException {
        return socket(in::available);
      }

      @Override
      public void close() throws IOException {
        socket(() -> {
          in.close();
          return null;
        });
      }
    };
  }

  OutputStream answer(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        checkTime();
        socket(() -> {
          out.write(b);
          return null;
        });
      }

      @Override
      public void write(byte[] buffer, int offset, int length) throws IOException {
        checkTime();
        socket(() -> {
          out.write(buffer, offset, length);
          return null;
        });
      }

      @Override
      public void flush() throws IOException {
        socket(() -> {
          out.flush();
          return null;
        });
      }

      @Override
      public void close() throws IOException {
        socket(() -> {
          out.close();
          return null;
        });
      }
    };
  }

  private void checkTime() throws Expired {
    if (expired()) {
      throw new Expired(message());
    }
  }

  /** Stops the clock; clears an interrupt the timer may have delivered meanwhile. */
  @Override
  public void close() {
    cut.cancel(false);
    synchronized (this) {
      state.set(CLOSED);
      Thread.interrupted();
    }
  }
}
