package io.prolly.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options of the commands that write and commit: {@code put}, {@code rm}, {@code commit}. */
final class WriteOptions {

  @Option(names = "--ns", paramLabel = "NAMESPACE", description = "Namespace path, such as eu or eu/fr. "
      + "Default: the root namespace.")
  @Nullable String namespace;

  @Option(names = {"-b", "--branch"}, paramLabel = "BRANCH",
      description = "Branch to commit to. Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Commit message.")
  @Nullable String message;

  String messageOr(String fallback) {
    return message != null ? message : fallback;
  }
}
