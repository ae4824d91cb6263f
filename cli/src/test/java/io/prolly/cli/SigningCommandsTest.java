package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code keygen}, {@code --sign-with}, {@code --trusted-keys} and {@code --require-signed}: output, JSON, exit codes. */
class SigningCommandsTest extends CliTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void signed_commits_show_their_signer_and_a_signature_policy_refuses_the_rest(Backend backend) throws Exception {
    Path key = dir.resolve("alice");
    JsonNode generated = cli.ok("keygen", key.toString(), "--comment", "alice@example.com", "--json").json();
    String fingerprint = generated.get("fingerprint").asText();
    assertThat(fingerprint).startsWith("SHA256:");
    assertThat(Files.readString(dir.resolve("alice.pub"))).startsWith("ed25519 ").endsWith(" alice@example.com\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    Path trusted = dir.resolve("trusted");
    Files.writeString(trusted, "# who may sign\nalice " + generated.get("publicKeyLine").asText() + "\n");

    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "put", "a", "1", "-m", "unsigned");
    cli.ok("-r", repo, "--sign-with", key.toString(), "put", "b", "2", "-m", "signed");

    Run log = cli.ok("-r", repo, "--trusted-keys", trusted.toString(), "log");
    assertThat(log.out().lines().toList()).hasSize(2);
    assertThat(log.out().lines().findFirst().orElseThrow()).contains("signed").endsWith("[signed by alice]");
    assertThat(cli.ok("-r", repo, "log").out().lines().findFirst().orElseThrow())
        .endsWith("[signed, untrusted key " + fingerprint + "]");
    JsonNode commits = cli.ok("-r", repo, "--trusted-keys", trusted.toString(), "log", "--json").json();
    assertThat(commits.get(0).get("signature").asText()).isEqualTo("trusted");
    assertThat(commits.get(0).get("signer").asText()).isEqualTo(fingerprint);
    assertThat(commits.get(0).get("signedBy").asText()).isEqualTo("alice");
    assertThat(commits.get(1).get("signature").asText()).isEqualTo("unsigned");
    assertThat(commits.get(1).get("signer").isNull()).isTrue();
    assertThat(cli.ok("-r", repo, "--trusted-keys", trusted.toString(), "show").out())
        .contains("Signed: good signature by alice (" + fingerprint + ")");

    JsonNode verified = cli.ok("-r", repo, "verify", "--json").json();
    assertThat(verified.get("signedCommits").asLong()).isEqualTo(1);
    assertThat(verified.get("untrustedSignatures").asLong()).isEqualTo(1);
    assertThat(cli.ok("-r", repo, "--trusted-keys", trusted.toString(), "verify").out())
        .contains("1 signed commits, 0 by untrusted keys");

    String head = cli.head(repo, "main");
    Run refused = cli.run("-r", repo, "--trusted-keys", trusted.toString(), "--require-signed", "main",
        "put", "c", "3");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err()).contains("validator 'signatures:main'", "unsigned", "nothing was written");
    assertThat(cli.head(repo, "main")).isEqualTo(head);
    Run refusedJson = cli.run("-r", repo, "--trusted-keys", trusted.toString(), "--require-signed", "main",
        "merge", "--json", head);
    assertThat(refusedJson.exitCode()).isZero();

    cli.ok("-r", repo, "branch", "topic");
    cli.ok("-r", repo, "checkout", "topic");
    cli.ok("-r", repo, "put", "t", "1");
    cli.ok("-r", repo, "checkout", "main");
    Run mergeRefused = cli.run("-r", repo, "--trusted-keys", trusted.toString(), "--require-signed", "main",
        "merge", "topic", "--json");
    assertThat(mergeRefused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(mergeRefused.json().get("outcome").asText()).isEqualTo("refused");
    assertThat(mergeRefused.json().get("validator").asText()).isEqualTo("signatures:main");
    assertThat(mergeRefused.json().get("reason").asText()).contains("unsigned");
    assertThat(cli.head(repo, "main")).isEqualTo(head);
  }

  @Test
  void bad_key_files_are_refused_with_the_reason() throws Exception {
    Path key = dir.resolve("k");
    cli.ok("keygen", key.toString());
    Run again = cli.run("keygen", key.toString());
    assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("exists");
    String repo = cli.init(Backend.MEMORY, dir);
    Run missing = cli.run("-r", repo, "--sign-with", dir.resolve("nope").toString(), "put", "a", "1");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(missing.err()).contains("no signing key file");
    Path trusted = dir.resolve("trusted");
    Files.writeString(trusted, "alice ed25519\n");
    Run malformed = cli.run("-r", repo, "--trusted-keys", trusted.toString(), "log");
    assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(malformed.err()).contains(trusted + ":1", "NAME ed25519 BASE64");
  }
}
