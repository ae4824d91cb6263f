package io.prolly.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code prolly completion}: the bash (and zsh) completion script. */
@Command(name = "completion", description = {"Prints a bash completion script for prolly (zsh too, after "
    + "autoload -U +X bashcompinit && bashcompinit).", "Use: source <(prolly completion)"})
final class CompletionCommand extends CliCommand {

  @Override
  public Integer call() {
    out().print(AutoComplete.bash("prolly", ProllyCommand.everyCommand(specOf(spec).root().commandLine())));
    out().flush();
    return ExitCodes.OK;
  }
}
