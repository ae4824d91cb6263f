package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code blame} on the file and the memory backend: output, JSON, ranges, merges and exit codes. */
class BlameCommandTest extends CliTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void blame_names_the_commit_that_last_changed_each_key(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "a=1", "--set", "b=1", "--set", "c=1", "-m", "start");
    String start = cli.head(repo, "main");
    cli.ok("-r", repo, "put", "b", "2", "-m", "change b");
    String changeB = cli.head(repo, "main");
    cli.ok("-r", repo, "put", "--ns", "eu", "x", "1", "-m", "nested");
    String nested = cli.head(repo, "main");

    List<String> lines = cli.ok("-r", repo, "blame", "main", "").out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith(start).endsWith("  a").matches(".*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*");
    assertThat(lines.get(1)).startsWith(changeB).endsWith("  b");
    assertThat(lines.get(2)).startsWith(start).endsWith("  c");
    assertThat(cli.ok("-r", repo, "blame", "main", "/").out().lines()).containsExactlyElementsOf(lines);
    assertThat(cli.ok("-r", repo, "blame", "main", "", "b").out().lines()).containsExactlyElementsOf(lines.subList(1, 3));
    assertThat(cli.ok("-r", repo, "blame", "main", "", "b", "c").out().lines()).containsExactly(lines.get(1));
    assertThat(cli.ok("-r", repo, "blame", "main~1", "").out().lines()).containsExactlyElementsOf(lines);
    assertThat(cli.ok("-r", repo, "blame", "main", "eu").out()).startsWith(nested).endsWith("  x\n");

    JsonNode json = cli.ok("-r", repo, "blame", "main", "", "a", "c", "--json").json();
    assertThat(json.get("revision").asText()).isEqualTo("main");
    assertThat(json.get("commit").asText()).startsWith(nested);
    assertThat(json.get("namespace").asText()).isEmpty();
    assertThat(json.get("from").asText()).isEqualTo("a");
    assertThat(json.get("to").asText()).isEqualTo("c");
    assertThat(json.get("keys")).hasSize(2);
    assertThat(json.get("keys").get(0).get("key").asText()).isEqualTo("a");
    assertThat(json.get("keys").get(0).get("commit").get("id").asText()).startsWith(start);
    assertThat(json.get("keys").get(1).get("commit").get("message").asText()).isEqualTo("change b");
    assertThat(cli.ok("-r", repo, "blame", "main", "", "--json").json().get("to").isNull()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_key_changed_on_a_merged_branch_is_blamed_on_the_commit_there(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "price=10", "--set", "stock=5", "-m", "start");
    cli.ok("-r", repo, "branch", "sale");
    cli.ok("-r", repo, "put", "price", "8", "-b", "sale", "-m", "discount");
    String discount = cli.head(repo, "sale");
    cli.ok("-r", repo, "put", "stock", "4", "-m", "sold one");
    String sold = cli.head(repo, "main");
    cli.ok("-r", repo, "merge", "sale");
    assertThat(cli.head(repo, "main")).isNotIn(discount, sold);

    List<String> lines = cli.ok("-r", repo, "blame", "main", "").out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith(discount).endsWith("  price");
    assertThat(lines.get(1)).startsWith(sold).endsWith("  stock");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bad_arguments_are_refused_with_their_exit_codes(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "put", "--ns", "eu", "x", "1");

    Run unknownRevision = cli.run("-r", repo, "blame", "nope", "");
    assertThat(unknownRevision.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(unknownRevision.err()).contains("nope");

    Run unknownNamespace = cli.run("-r", repo, "blame", "main", "us");
    assertThat(unknownNamespace.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownNamespace.err()).contains("no namespace 'us'", "[eu]");

    Run inverted = cli.run("-r", repo, "blame", "main", "eu", "z", "a");
    assertThat(inverted.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(inverted.err()).contains("'z'", "'a'");

    Run missing = cli.run("-r", repo, "blame", "main");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("NAMESPACE");
  }
}
