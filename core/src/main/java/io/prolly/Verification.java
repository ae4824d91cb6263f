package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import io.prolly.tree.TreeVerifier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@link Maintenance#verify}: every ref, every commit they reach, every namespace
 * registry and namespace tree, every large value, checked through one read transaction so the
 * whole repository is seen at one instant.
 */
final class Verification {

  private final RepositorySigning signing;
  private final List<VerifyReport.Problem> problems = new ArrayList<>();
  private long signedCommits;
  private long untrustedSignatures;
  private final Set<Hash> commitsSeen = new HashSet<>();
  private String path = "";
  private PartialState partial = PartialState.COMPLETE;

  Verification(RepositorySigning signing) {
    this.signing = signing;
  }

  VerifyReport run(NodeStore store, Consumer<VerifyReport> progress) {
    long start = System.nanoTime();
    try (ReadTransaction tx = store.beginRead()) {
      TreeVerifier trees = new TreeVerifier(tx, (node, message) -> problems.add(new VerifyReport.Problem(path, node,
          message)));
      TreeReader registries = new TreeReader(tx);
      partial = PartialRefs.read(tx);
      // A partial clone lacks these on purpose: expected, not damage.
      Set<Hash> absentParents = partial.isShallow() ? PartialRefs.absentParents(tx, partial).keySet() : Set.of();
      for (Map.Entry<String, Hash> ref : SweepEpoch.historyRefs(tx.refs("")).entrySet()) {
        Deque<Hash> commits = new ArrayDeque<>(List.of(ref.getValue()));
        while (!commits.isEmpty()) {
          Hash id = commits.pop();
          if (!commitsSeen.add(id)) {
            continue;
          }
          path = ref.getKey() + " > commit " + id.toShortHex();
          Commit commit = readCommit(tx, id);
          if (commit == null) {
            continue;
          }
          commit.parents().stream().filter(parent -> !absentParents.contains(parent)).forEach(commits::add);
          Tree registry = NamespaceRegistry.at(commit.root());
          path += " > namespace registry";
          if (trees.verify(registry)) {
            String commitPath = ref.getKey() + " > commit " + id.toShortHex();
            Iterator<Entry> namespaces = registries.iterator(registry, KeyRange.all());
            while (namespaces.hasNext()) {
              Entry namespace = namespaces.next();
              if (!partial.hasNamespace(Namespace.fromRegistryKey(namespace.key()).path())) {
                continue;
              }
              path = commitPath + " > " + Namespace.fromRegistryKey(namespace.key());
              trees.verify(Tree.fromBytes(namespace.value()));
            }
          }
          progress.accept(report(trees, start));
        }
      }
      return report(trees, start);
    }
  }

  private @Nullable Commit readCommit(ReadTransaction tx, Hash id) {
    byte[] node = tx.get(id);
    if (node == null) {
      problems.add(new VerifyReport.Problem(path, id, "missing: a ref or a commit refers to it"));
      return null;
    }
    if (!Hash.of(node).equals(id)) {
      problems.add(new VerifyReport.Problem(path, id, "damaged: its bytes hash to " + Hash.of(node).toShortHex()));
      return null;
    }
    Commit commit;
    try {
      commit = Commit.decode(id, node);
    } catch (CorruptNodeException e) {
      problems.add(new VerifyReport.Problem(path, id, e.getMessage()));
      return null;
    }
    SignatureCheck signature = signing.check(commit);
    switch (signature.status()) {
      case INVALID -> problems.add(new VerifyReport.Problem(path, id, "its signature (claiming key "
          + signature.fingerprint() + ") does not match its content: forged, or altered after signing"));
      case UNTRUSTED -> {
        signedCommits++;
        untrustedSignatures++;
      }
      case TRUSTED -> signedCommits++;
      case UNSIGNED -> { }
    }
    return commit;
  }

  private VerifyReport report(TreeVerifier trees, long start) {
    return new VerifyReport(problems, commitsSeen.size(), trees.nodesChecked(), trees.bytesChecked(),
        Duration.ofNanos(System.nanoTime() - start), signedCommits, untrustedSignatures, partial);
  }
}
