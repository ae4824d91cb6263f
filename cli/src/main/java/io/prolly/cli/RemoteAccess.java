package io.prolly.cli;

import io.prolly.RemoteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options of the commands that reach a served repository by URL ({@code clone}, {@code fetch},
 * {@code pull}, {@code push}, {@code ls-remote}): the bearer token, from a file or the environment
 * but never from the command line, where other users of the machine can read it, and the
 * certificates to trust for {@code https://}.
 */
final class RemoteAccess {

  /** The environment variable holding a token when no --token-file is given. */
  static final String TOKEN_VARIABLE = "PROLLY_TOKEN";

  @Option(names = "--token-file", paramLabel = "FILE", description = "Present the bearer token in FILE (its first "
      + "line) to a server that asks for one. Default: the environment variable " + TOKEN_VARIABLE + ", if set.")
  @Nullable Path tokenFile;

  @Option(names = "--ca-cert", paramLabel = "FILE", description = "For https://, trust the certificates in FILE "
      + "(PEM or DER: the server's own, or the authority that signed it) instead of the JDK's authorities.")
  @Nullable Path caCertificates;

  /** The options for {@code Prolly.remote}, the token read now. */
  RemoteOptions options() {
    RemoteOptions options = RemoteOptions.defaults();
    String token = token();
    if (token != null) {
      options = options.withToken(token);
    }
    if (caCertificates != null) {
      options = options.withTrustedCertificates(caCertificates);
    }
    return options;
  }

  private @Nullable String token() {
    if (tokenFile == null) {
      String variable = System.getenv(TOKEN_VARIABLE);
      return variable == null || variable.isBlank() ? null : variable.strip();
    }
    String first;
    try {
      first = Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + tokenFile + ": " + e.getMessage(), e);
    }
    if (first.isEmpty()) {
      throw new UserException(ExitCodes.USAGE, "the token file " + tokenFile + " is empty; put the token on its first "
          + "line");
    }
    return first;
  }
}
