package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code merge --dry-run}: what the merge would do, in text and JSON, with nothing written. */
class MergeDryRunTest extends CliTest {

  private String state(String repo) {
    JsonNode stats = cli.ok("-r", repo, "stats", "--json").json();
    return stats.get("nodes").asText() + " " + cli.ok("-r", repo, "branch", "--json").json();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_dry_run_shows_the_changes_and_conflicts_the_merge_then_meets_and_writes_nothing(Backend backend) {
    String repo = backend.location(dir, "repo");
    cli.ok("init", repo);
    cli.ok("-r", repo, "commit", "--set", "price=10", "--set", "stock=5");
    cli.ok("-r", repo, "branch", "sale");
    cli.ok("-r", repo, "put", "price", "12");
    cli.ok("-r", repo, "put", "-b", "sale", "price", "8");
    cli.ok("-r", repo, "put", "-b", "sale", "stock", "4");
    cli.ok("-r", repo, "put", "-b", "sale", "--ns", "eu", "new", "1");
    String before = state(repo);

    Run conflict = cli.run("-r", repo, "merge", "sale", "--dry-run");
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    assertThat(conflict.out()).startsWith("Merge of sale into main would stop: 1 key(s) changed differently")
        .contains("~ stock: 5 -> 4", "+ eu/new = 1", "2 change(s) to the keys that merge cleanly", "CONFLICT price (base 10, ours 12, theirs 8)", "Dry run: nothing was written.");
    Run conflictJson = cli.run("-r", repo, "merge", "sale", "--dry-run", "--json");
    assertThat(conflictJson.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    JsonNode preview = conflictJson.json();
    assertThat(preview.get("dryRun").asBoolean()).isTrue();
    assertThat(preview.get("outcome").asText()).isEqualTo("conflict");
    assertThat(preview.get("conflicts").get(0).toString())
        .isEqualTo("{\"namespace\":\"\",\"key\":\"price\",\"base\":\"10\",\"ours\":\"12\",\"theirs\":\"8\"}");
    assertThat(state(repo)).as("nodes and branches after dry runs").isEqualTo(before);

    JsonNode settled = cli.ok("-r", repo, "merge", "sale", "--dry-run", "--strategy", "theirs", "--json").json();
    assertThat(settled.get("outcome").asText()).isEqualTo("merged");
    assertThat(settled.get("conflicts").size()).isZero();
    JsonNode limited = cli.ok("-r", repo, "merge", "sale", "--dry-run", "--strategy", "theirs", "--limit", "1", "--json")
        .json();
    assertThat(limited.get("changes").size()).isEqualTo(1);
    assertThat(limited.get("truncated").asBoolean()).isTrue();
    assertThat(limited.get("changeCount").asLong()).isEqualTo(settled.get("changeCount").asLong());
    assertThat(state(repo)).isEqualTo(before);

    String head = settled.get("head").asText();
    cli.ok("-r", repo, "merge", "sale", "--strategy", "theirs");
    JsonNode diff = cli.ok("-r", repo, "diff", head, "main", "--json").json();
    assertThat(settled.get("changes")).as("what the merge then changed").isEqualTo(diff.get("changes"));
    assertThat(settled.get("changeCount").asLong()).isEqualTo(diff.get("total").asLong());

    assertThat(cli.ok("-r", repo, "merge", "sale", "--dry-run").out())
        .startsWith("main already contains sale: the merge would change nothing");
    cli.ok("-r", repo, "put", "price", "13");
    Run forward = cli.ok("-r", repo, "merge", "main", "--into", "sale", "--dry-run");
    assertThat(forward.out()).startsWith("Merge of main into sale would fast-forward sale to ")
        .contains("~ price: 8 -> 13");
  }
}
