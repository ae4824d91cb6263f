package io.prolly.cli;

import io.prolly.CommitSigning;
import java.nio.file.Path;
import java.security.KeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly keygen FILE}: a new Ed25519 key pair for signed commits. */
@Command(name = "keygen", description = {"Makes an Ed25519 key pair for signing commits: FILE holds the private key "
    + "(PEM, readable by you only), FILE.pub the public key.", "Sign with --sign-with FILE; trust the key elsewhere "
    + "with a line 'NAME' followed by FILE.pub's line in a --trusted-keys file."})
final class KeygenCommand extends CliCommand {

  /** The {@code --json} document. */
  record Generated(String privateKey, String publicKey, String fingerprint, String publicKeyLine) {}

  @Parameters(paramLabel = "FILE", description = "Where to write the private key; FILE.pub gets the public key.")
  Path file = Path.of("prolly-signing-key");

  @Option(names = "--comment", paramLabel = "TEXT", description = "Who the key is for, written after the public key.")
  String comment = "";

  @Option(names = "--json", description = "Print JSON: the files, the fingerprint and the public key line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    KeyPair keys = CommitSigning.newKeyPair();
    KeyFiles.write(file, keys, comment);
    String fingerprint = KeyFiles.fingerprint(keys.getPublic());
    if (json) {
      printJson(new Generated(file.toString(), KeyFiles.publicKeyFile(file).toString(), fingerprint,
          KeyFiles.publicKeyLine(keys.getPublic())));
    } else {
      out().println("Wrote the private key to " + file + " and the public key to " + KeyFiles.publicKeyFile(file));
      out().println("Fingerprint: " + fingerprint);
      out().flush();
    }
    return ExitCodes.OK;
  }
}
