package io.prolly.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What every test of the commands shares: a folder of its own and a command line whose repositories close after it. */
abstract class CliTest {

  @TempDir
  Path dir;

  final Cli cli = new Cli();

  @AfterEach
  void closeRepositories() {
    cli.close();
  }
}
