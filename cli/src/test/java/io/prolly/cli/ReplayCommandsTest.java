package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code revert} and {@code cherry-pick} on the file and the memory backend: output, JSON and exit codes. */
class ReplayCommandsTest extends CliTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revert_undoes_one_commit_and_a_conflict_writes_nothing(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "price=10", "--set", "stock=5", "-m", "start");
    cli.ok("-r", repo, "commit", "--set", "price=12", "--set", "new=1", "-m", "raise");
    cli.ok("-r", repo, "put", "stock", "4", "-m", "sold one");
    String raise = cli.ok("-r", repo, "log", "main~1", "-n", "1", "--json").json().get(0).get("id").asText();

    Run reverted = cli.ok("-r", repo, "revert", "main~1");
    assertThat(reverted.out()).startsWith("Reverted " + raise.substring(0, 12) + " on main: " + cli.head(repo, "main"));
    assertThat(cli.ok("-r", repo, "get", "price").out()).isEqualTo("10\n");
    assertThat(cli.ok("-r", repo, "get", "stock").out()).isEqualTo("4\n");
    assertThat(cli.run("-r", repo, "get", "new").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    JsonNode commit = cli.ok("-r", repo, "log", "-n", "1", "--json").json().get(0);
    assertThat(commit.get("message").asText()).startsWith("Revert 'raise'").contains(raise);
    assertThat(commit.get("metadata").get("reverts").asText()).isEqualTo(raise);

    JsonNode again = cli.ok("-r", repo, "revert", raise, "--json").json();
    assertThat(again.get("outcome").asText()).isEqualTo("up_to_date");
    assertThat(again.get("replayed").asText()).isEqualTo(raise);

    cli.ok("-r", repo, "put", "price", "11");
    String before = cli.head(repo, "main");
    Run conflict = cli.run("-r", repo, "revert", "main~1");
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(conflict.out()).contains("CONFLICT price", "nothing was written", "--strategy");
    Run conflictJson = cli.run("-r", repo, "revert", "main~1", "--json");
    assertThat(conflictJson.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(conflictJson.json().get("outcome").asText()).isEqualTo("conflict");
    assertThat(conflictJson.json().get("conflicts").toString()).isEqualTo("[\"price\"]");
    assertThat(conflictJson.json().get("commit").isNull()).isTrue();
    assertThat(cli.head(repo, "main")).isEqualTo(before);

    JsonNode theirs = cli.ok("-r", repo, "revert", "main~1", "--strategy", "theirs", "--json").json();
    assertThat(theirs.get("outcome").asText()).isEqualTo("reverted");
    assertThat(theirs.get("resolvedKeys").toString()).isEqualTo("[\"price\"]");
    assertThat(theirs.get("commit").asText()).startsWith(cli.head(repo, "main"));
    assertThat(cli.ok("-r", repo, "get", "price").out()).isEqualTo("12\n");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void cherry_pick_applies_one_commit_to_another_branch_and_refuses_a_merge_commit(Backend backend) {
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "commit", "--set", "a=1", "--set", "b=1", "-m", "start");
    cli.ok("-r", repo, "branch", "release");
    cli.ok("-r", repo, "put", "a", "2", "-m", "feature a");
    cli.ok("-r", repo, "put", "b", "2", "-m", "fix b");
    String fix = cli.ok("-r", repo, "log", "-n", "1", "--json").json().get(0).get("id").asText();

    Run picked = cli.ok("-r", repo, "cherry-pick", "main", "-b", "release");
    assertThat(picked.out()).startsWith("Cherry-picked " + fix.substring(0, 12) + " on release: "
        + cli.head(repo, "release"));
    assertThat(cli.ok("-r", repo, "get", "b", "--rev", "release").out()).isEqualTo("2\n");
    assertThat(cli.ok("-r", repo, "get", "a", "--rev", "release").out()).isEqualTo("1\n");
    JsonNode commit = cli.ok("-r", repo, "log", "release", "-n", "1", "--json").json().get(0);
    assertThat(commit.get("message").asText()).isEqualTo("fix b");
    assertThat(commit.get("metadata").get("cherry-picked-from").asText()).isEqualTo(fix);

    JsonNode again = cli.ok("-r", repo, "cherry-pick", fix, "-b", "release", "--json").json();
    assertThat(again.get("outcome").asText()).isEqualTo("up_to_date");
    assertThat(cli.ok("-r", repo, "cherry-pick", fix.substring(0, 8), "-b", "release").out())
        .startsWith("Nothing to change: release already holds");

    cli.ok("-r", repo, "put", "-b", "release", "c", "1");
    cli.ok("-r", repo, "merge", "release");
    String before = cli.head(repo, "main");
    Run merge = cli.run("-r", repo, "cherry-pick", "main", "-b", "release");
    assertThat(merge.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(merge.err()).contains("is a merge");
    assertThat(cli.head(repo, "main")).isEqualTo(before);
  }
}
