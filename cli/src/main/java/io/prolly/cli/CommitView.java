package io.prolly.cli;

import io.prolly.CommitInfo;
import io.prolly.Repository;
import io.prolly.SignatureCheck;
import io.prolly.spi.Hash;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help.Ansi;

/**
 * A commit as {@code --json} shows it.
 *
 * @param id the full commit id
 * @param parents the parents' ids, first parent first
 * @param author who committed
 * @param timestamp when, ISO-8601 in UTC
 * @param message the whole message
 * @param metadata the commit's metadata
 * @param refs branches ({@code heads/...}) and tags ({@code tags/...}) pointing at it
 * @param signature {@code unsigned}, {@code trusted}, {@code untrusted} or {@code invalid}
 * @param signer the fingerprint of the signing key, or null if unsigned
 * @param signedBy the name the signing key is trusted under, or null unless trusted
 */
record CommitView(String id, List<String> parents, String author, String timestamp, String message,
    Map<String, String> metadata, List<String> refs, String signature, @Nullable String signer,
    @Nullable String signedBy) {

  static CommitView of(CommitInfo commit, List<String> refs, Repository repository) {
    SignatureCheck check = repository.signing().check(commit.id().toHex());
    return new CommitView(commit.id().toHex(), commit.parents().stream().map(Hash::toHex).toList(), commit.author(),
        commit.timestamp().toString(), commit.message(), commit.metadata(), refs,
        check.status().name().toLowerCase(Locale.ROOT), check.fingerprint(), check.signer());
  }

  /** How text output marks a signed commit: nothing for an unsigned one. */
  static String signatureMark(CommitInfo commit, Repository repository, Ansi ansi) {
    if (commit.signer() == null) {
      return "";
    }
    SignatureCheck check = repository.signing().check(commit.id().toHex());
    return switch (check.status()) {
      case TRUSTED -> ansi.string(" @|green [signed by " + check.signer() + "]|@");
      case UNTRUSTED -> " [signed, untrusted key " + check.fingerprint() + "]";
      case INVALID -> ansi.string(" @|red [INVALID SIGNATURE]|@");
      case UNSIGNED -> "";
    };
  }
}
