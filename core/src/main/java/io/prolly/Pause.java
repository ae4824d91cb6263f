package io.prolly;

import io.prolly.error.ProllyException;

/** Sleeps between attempts, turning an interrupt into an exception that says what stopped. */
final class Pause {

  private Pause() {}

  /**
   * Sleeps, or throws if interrupted (the interrupt flag stays set).
   *
   * @param millis how long
   * @param whenInterrupted the message of the exception, saying what was left undone
   * @throws ProllyException if the thread is interrupted
   */
  static void sleep(long millis, String whenInterrupted) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProllyException(whenInterrupted, e);
    }
  }
}
