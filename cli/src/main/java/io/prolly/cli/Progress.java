package io.prolly.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * A progress bar on stderr, or nothing when progress is not shown. A task of unknown length
 * shows an indeterminate bar with the time elapsed (and the count so far, when it reports one),
 * so a long operation visibly runs. Not thread-safe: one thread drives a bar.
 */
final class Progress implements AutoCloseable {

  private final @Nullable ProgressBar bar;

  private Progress(@Nullable ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * Starts a bar.
   *
   * @param shown whether to draw it; false gives a bar that does nothing
   * @param task the task's name
   * @param max the number of steps, or -1 when unknown
   * @return the bar
   */
  static Progress start(boolean shown, String task, long max) {
    return start(shown, task, max, "", 1);
  }

  /**
   * Starts a bar that counts in a unit, such as bytes shown in MiB.
   *
   * @param shown whether to draw it; false gives a bar that does nothing
   * @param task the task's name
   * @param max the number of steps, or -1 when unknown
   * @param unit the unit's name, such as {@code " MiB"}
   * @param unitSize steps per unit
   * @return the bar
   */
  static Progress start(boolean shown, String task, long max, String unit, long unitSize) {
    if (!shown) {
      return new Progress(null);
    }
    return new Progress(new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setUnit(unit, unitSize)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(200)
        .continuousUpdate()
        .build());
  }

  void step() {
    if (bar != null) {
      bar.step();
    }
  }

  void stepTo(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  /** Shows a phase's count, against its total, or on an indeterminate bar when the total is -1. */
  void update(String message, long done, long total) {
    if (bar != null) {
      bar.maxHint(total);
      bar.stepTo(done);
      bar.setExtraMessage(message);
    }
  }

  void message(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
