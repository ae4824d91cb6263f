package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prolly.cli.Cli.Backend;
import io.prolly.cli.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --validator BRANCHES=COMMAND}: the program's input, its refusals, and nothing written when it refuses. */
class ValidatorCommandsTest extends CliTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void a_validator_program_sees_the_move_as_json_and_refuses_by_its_exit_code(Backend backend) throws Exception {
    Path input = dir.resolve("input.json");
    // A Java program run from its source, so that the validator is the same on every system's shell.
    Path program = dir.resolve("NoSecrets.java");
    Files.writeString(program, """
        import java.nio.charset.StandardCharsets;
        import java.nio.file.Files;
        import java.nio.file.Path;

        public class NoSecrets {
          public static void main(String[] args) throws Exception {
            byte[] move = System.in.readAllBytes();
            Files.write(Path.of(args[0]), move);
            if (new String(move, StandardCharsets.UTF_8).contains("\\"key\\":\\"secret\\"")) {
              System.out.println("no secrets on main");
              System.exit(1);
            }
          }
        }
        """);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String validator = "main=\"" + java + "\" \"" + program + "\" \"" + input + "\"";
    String repo = cli.init(backend, dir);
    cli.ok("-r", repo, "--validator", validator, "put", "a", "1", "-m", "first");
    JsonNode first = new ObjectMapper().readTree(input.toFile());
    assertThat(first.get("branch").asText()).isEqualTo("main");
    assertThat(first.get("oldHead").isNull()).isTrue();
    assertThat(first.get("newHead").asText()).startsWith(cli.head(repo, "main")).hasSize(64);
    assertThat(first.get("commits").get(0).get("message").asText()).isEqualTo("first");
    assertThat(first.get("changes").get(0).get("key").asText()).isEqualTo("a");
    assertThat(first.get("changes").get(0).get("newValue").asText()).isEqualTo("1");
    assertThat(first.get("changesTruncated").asBoolean()).isFalse();

    String head = cli.head(repo, "main");
    Run refused = cli.run("-r", repo, "--validator", validator, "put", "secret", "hunter2");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err()).contains("validator 'command:main' refused to move branch 'main': no secrets on main",
        "nothing was written");
    assertThat(cli.head(repo, "main")).isEqualTo(head);
    assertThat(new ObjectMapper().readTree(input.toFile()).get("oldHead").asText()).startsWith(head);

    Run silent = cli.run("-r", repo, "--validator", "main=exit 3", "put", "b", "2");
    assertThat(silent.err()).contains("'exit 3' exited with 3");
    assertThat(cli.run("-r", repo, "get", "b").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    cli.ok("-r", repo, "--validator", "release/*=exit 3", "put", "b", "2");
    assertThat(cli.ok("-r", repo, "get", "b").out()).isEqualTo("2\n");
  }
}
