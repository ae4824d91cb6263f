package io.prolly.cli;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;

/** Whether the process runs in a terminal, where progress bars make sense. */
final class Terminal {

  private Terminal() {}

  /**
   * Tells whether the process has an interactive console. Before Java 22 that is
   * {@code System.console() != null}; from Java 22 on, {@code System.console()} may return a
   * console even when redirected, and {@code Console.isTerminal()} (looked up at run time, since
   * the CLI compiles for Java 17) tells the truth.
   */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException beforeJava22) {
      return true;
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }
}
