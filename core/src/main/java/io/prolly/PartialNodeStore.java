package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.error.PartialRepositoryException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingReadTransaction;
import io.prolly.spi.support.ForwardingWriteTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * A store whose transactions tell a node a partial clone lacks on purpose from a lost one: when a
 * read finds no node, and the repository's {@link PartialRefs} explain the absence (a parent of a
 * shallow boundary commit, or the root of a namespace a clone of selected namespaces left out),
 * the read throws {@link PartialRepositoryException} saying what is missing and how to fetch it,
 * instead of returning nothing and letting the caller report damage. Every read of the repository
 * goes through here, so a merge, blame, diff or checkout that needs missing history fails the
 * same clear way. Walks over everything (garbage collection, transfers) catch the exception and
 * skip what is absent.
 *
 * <p>A complete repository pays one ref lookup per missing node, which is rare. The namespaces
 * left out are found by reading every commit's registry once per state of the refs, on the first
 * miss. Thread-safe if the store is.
 */
final class PartialNodeStore extends ForwardingNodeStore {

  /** What is absent on purpose, for one state of the refs. */
  private record Absent(SortedMap<String, Hash> refs, PartialState state, Map<Hash, Hash> parents,
      @Nullable Map<Hash, String> namespaceRoots) {}

  private volatile @Nullable Absent absent;

  PartialNodeStore(NodeStore store) {
    super(store);
  }

  @Override
  public ReadTransaction beginRead() {
    ReadTransaction tx = delegate().beginRead();
    return new ForwardingReadTransaction(tx) {
      @Override
      public byte @Nullable [] get(Hash id) {
        return explained(tx, id, super.get(id));
      }
    };
  }

  @Override
  public WriteTransaction beginWrite() {
    WriteTransaction tx = delegate().beginWrite();
    return new ForwardingWriteTransaction(tx) {
      @Override
      public byte @Nullable [] get(Hash id) {
        return explained(tx, id, super.get(id));
      }
    };
  }

  private byte @Nullable [] explained(ReadTransaction tx, Hash id, byte @Nullable [] node) {
    if (node != null || tx.refs(PartialRefs.PREFIX).isEmpty()) {
      return node;
    }
    Absent known = absent(tx);
    Hash child = known.parents().get(id);
    if (child != null) {
      throw new PartialRepositoryException(id.toHex(), "commit " + id.toShortHex() + " is not in this repository: it "
          + "lies beyond the shallow boundary at commit " + child.toShortHex() + " (a clone or fetch with a depth "
          + "kept only the newest commits). Fetch with a greater depth ('prolly fetch --depth N', "
          + "Transfer.fetch(remote, branch, depth)) or unshallow ('prolly fetch --unshallow') to get it");
    }
    if (known.state().namespaces().isEmpty()) {
      return null;
    }
    Map<Hash, String> roots = known.namespaceRoots();
    if (roots == null) {
      roots = namespaceRoots(tx, known.state());
      absent = new Absent(known.refs(), known.state(), known.parents(), roots);
    }
    String namespace = roots.get(id);
    if (namespace != null) {
      String selectIt = namespace.isEmpty() ? "" : "selecting it too ('prolly clone --namespace " + namespace
          + "', CloneOptions.namespaces), or ";
      throw new PartialRepositoryException(namespace, new Namespace(namespace) + " is not in this partial clone, "
          + "which holds only the namespaces " + known.state().namespaces() + " (its tree, node " + id.toShortHex()
          + ", was not fetched). Clone again " + selectIt + "without selecting namespaces to get all of them");
    }
    return null;
  }

  private Absent absent(ReadTransaction tx) {
    SortedMap<String, Hash> refs = tx.refs("");
    Absent known = absent;
    if (known != null && known.refs().equals(refs)) {
      return known;
    }
    PartialState state = PartialRefs.read(tx);
    known = new Absent(refs, state, PartialRefs.absentParents(tx, state), null);
    absent = known;
    return known;
  }

  /** The roots of the namespaces left out, in every commit the refs reach, to the namespace's path. */
  private static Map<Hash, String> namespaceRoots(ReadTransaction tx, PartialState state) {
    Map<Hash, String> roots = new HashMap<>();
    TreeReader registries = new TreeReader(tx);
    Set<Hash> seen = new HashSet<>();
    Deque<Hash> todo = new ArrayDeque<>(SweepEpoch.historyRefs(tx.refs("")).values());
    while (!todo.isEmpty()) {
      Hash id = todo.pop();
      byte[] node = seen.add(id) ? tx.get(id) : null;
      if (node == null || !NodeLinks.isCommit(node)) {
        continue;
      }
      Commit commit = Commit.decode(id, node);
      todo.addAll(commit.parents());
      if (!tx.contains(commit.root())) {
        continue;
      }
      Iterator<Entry> namespaces = registries.iterator(NamespaceRegistry.at(commit.root()), KeyRange.all());
      while (namespaces.hasNext()) {
        Entry entry = namespaces.next();
        String path = Namespace.fromRegistryKey(entry.key()).path();
        if (!state.hasNamespace(path)) {
          roots.putIfAbsent(Tree.fromBytes(entry.value()).root(), path);
        }
      }
    }
    return roots;
  }
}
