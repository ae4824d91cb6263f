package io.prolly.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prolly.BranchChange;
import io.prolly.CommitInfo;
import io.prolly.CommitValidator;
import io.prolly.KeyChange;
import io.prolly.Verdict;
import io.prolly.spi.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code --validator BRANCHES=COMMAND}: a program that judges each branch move, as git's
 * pre-receive hook does. It reads one JSON document on stdin (the branch, the old and new head,
 * the new commits and the changed keys) and accepts by exiting 0; any other exit refuses, with
 * what it printed as the reason.
 */
final class CommandValidator implements CommitValidator {

  /** How many changed keys the document lists at most; {@code changesTruncated} says if there were more. */
  static final int MAX_CHANGES = 10_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 60;
  private static final int MAX_REASON = 1_000;

  /** A commit in the document. */
  record CommitDocument(String id, List<String> parents, String author, String timestamp, String message,
      Map<String, String> metadata, @Nullable String signer) {

    static CommitDocument of(CommitInfo commit) {
      return new CommitDocument(commit.id().toHex(), commit.parents().stream().map(Hash::toHex).toList(),
          commit.author(), commit.timestamp().toString(), commit.message(), commit.metadata(), commit.signer());
    }
  }

  /** The document on the program's stdin. */
  record Document(String branch, @Nullable String oldHead, String newHead, List<CommitDocument> commits,
      List<ChangeView> changes, boolean changesTruncated) {}

  private final String command;

  CommandValidator(String command) {
    this.command = command;
  }

  @Override
  public Verdict validate(BranchChange change) {
    byte[] input = document(change);
    Process process;
    try {
      process = new ProcessBuilder(shell()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Verdict.refuse("cannot start '" + command + "': " + e.getMessage());
    }
    CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input);
    } catch (IOException ignored) {
      // A program that exits without reading its input still gives its verdict by its exit code.
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Verdict.refuse("'" + command + "' did not answer within " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return Verdict.refuse("interrupted while waiting for '" + command + "'");
    }
    if (process.exitValue() == 0) {
      return Verdict.accept();
    }
    String printed = new String(output.join(), StandardCharsets.UTF_8).strip();
    if (printed.length() > MAX_REASON) {
      printed = printed.substring(0, MAX_REASON) + "...";
    }
    return Verdict.refuse(printed.isEmpty() ? "'" + command + "' exited with " + process.exitValue() : printed);
  }

  private List<String> shell() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")
        ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command);
  }

  private static byte[] document(BranchChange change) {
    List<CommitDocument> commits = change.newCommits().map(CommitDocument::of).toList();
    List<ChangeView> changes = new java.util.ArrayList<>();
    boolean truncated = false;
    try (Stream<KeyChange<byte[]>> all = change.changes()) {
      Iterator<KeyChange<byte[]>> each = all.iterator();
      while (each.hasNext() && !truncated) {
        KeyChange<byte[]> next = each.next();
        if (changes.size() == MAX_CHANGES) {
          truncated = true;
        } else {
          changes.add(ChangeView.of(next));
        }
      }
    }
    Hash old = change.oldHead();
    try {
      return MAPPER.writeValueAsBytes(new Document(change.branch(), old == null ? null : old.toHex(),
          change.newHead().id().toHex(), commits, changes, truncated));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the validator's input as JSON", e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  @Override
  public String toString() {
    return command;
  }
}
