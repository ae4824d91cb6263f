package io.prolly.spi.support;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Lets any number of threads use a store while it is open and lets {@link #closeAndDrain()}
 * wait until none is inside, so native resources are never released under a running operation.
 *
 * <p>The enter path is a striped counter increment and a volatile read. It is correct because
 * both sides write then read (Dekker): an operation increments then reads {@code closed}; close
 * sets {@code closed} then reads the counter; one of them must see the other.
 */
final class ClosingGate {

  private final LongAdder inside = new LongAdder();
  private volatile boolean closed;

  /**
   * Enters, or throws if closed.
   *
   * @param closedError makes the exception to throw
   */
  void enter(Supplier<? extends RuntimeException> closedError) {
    inside.increment();
    if (closed) {
      inside.decrement();
      throw closedError.get();
    }
  }

  void exit() {
    inside.decrement();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Closes the gate and waits until every thread inside has left.
   *
   * @return true if this call closed the gate, false if it was closed already
   */
  synchronized boolean closeAndDrain() {
    if (closed) {
      return false;
    }
    closed = true;
    // Operations are short; a long one (listing millions of nodes) is waited for politely.
    for (int spins = 0; inside.sum() != 0; spins++) {
      if (spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(100_000);
      }
    }
    return true;
  }
}
