package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RefNames;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Rewrites a branch so that only its newest history is kept: the commits the {@link Retention}
 * keeps are rewritten, unchanged but for their first parent, on top of one new root commit that
 * holds the state before the oldest of them. The branch's content stays the same; commits only
 * the old history reached become garbage. Kept merge commits keep only their first parent, so
 * that side branches' history does not stay reachable through them.
 */
final class HistorySquash {

  private HistorySquash() {}

  /** Squashes; returns how many old commits left the branch's history (0 if none had to). */
  static int run(Repository repository, String branch, Retention retention) {
    String ref = RefNames.branchRef(branch);
    return CasRetry.run("squash of branch '" + branch + "'", attempt -> {
      try (WriteTransaction tx = repository.beginWrite()) {
        Hash head = NamedRefs.require(tx, ref, "branch", branch);
        CommitSource commits = CommitSource.of(tx);
        List<Commit> chain = new ArrayList<>();
        for (Commit commit = commits.read(head); ; commit = commits.read(commit.parents().get(0))) {
          chain.add(commit);
          if (commit.parents().isEmpty()) {
            break;
          }
        }
        int kept = retention.kept(chain, Instant.now());
        int squashed = chain.size() - kept;
        if (squashed <= 1 && (squashed == 0 || chain.get(chain.size() - 1).parents().isEmpty())) {
          return 0; // at most the root lies beyond the kept commits: there is nothing to fold
        }
        Commit before = chain.get(kept);
        Commit root = new Commit(before.root(), List.of(), repository.author(),
            "Squashed " + squashed + " older commits", before.timestamp(), new TreeMap<>());
        Hash below = repository.writeCommit(tx, root);
        for (int i = kept - 1; i >= 0; i--) {
          Commit original = chain.get(i);
          Commit rewritten = new Commit(original.root(), List.of(below), original.author(), original.message(),
              original.timestamp(), original.metadata());
          below = repository.writeCommit(tx, rewritten);
        }
        tx.setRef(ref, head, below);
        tx.commit();
        return squashed;
      }
    });
  }
}
