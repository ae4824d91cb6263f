package io.prolly.cli;

/**
 * The {@code prolly} command's entry point, the main class of {@code cli/target/prolly.jar}.
 * Run {@code prolly --help} for the commands, their options and the exit codes.
 */
public final class Main {

  private Main() {}

  /**
   * Runs one command and exits the JVM with its exit code (0 ok, 1 conflict or not found, 2 bad
   * usage, 3 corrupt store, 4 other failure).
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(ProllyCommand.commandLine(Repositories.byLocation()).execute(args));
  }
}
