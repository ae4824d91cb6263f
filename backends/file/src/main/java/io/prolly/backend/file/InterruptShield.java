package io.prolly.backend.file;

import java.util.function.Supplier;

/**
 * Runs MVStore I/O with the thread's interrupt flag cleared, and sets it again afterwards.
 *
 * <p>Why: MVStore reads and writes through a {@link java.nio.channels.FileChannel}, which closes
 * itself when a thread with the flag set uses it; MVStore then fails for good and the store must
 * be reopened. Applications interrupt threads routinely (for example {@code Future.cancel(true)}),
 * so a pending interrupt must not break the store. An interrupt that arrives during the I/O
 * itself can still close the channel; the JDK offers no uninterruptible file channel.
 */
final class InterruptShield {

  private InterruptShield() {}

  static <T> T call(Supplier<T> io) {
    boolean interrupted = Thread.interrupted();
    try {
      return io.get();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
