package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeNodes;
import io.prolly.tree.TreeReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks everything commits reach, handing each node to a visitor only after everything it refers
 * to: a commit after its parents, the trees of every namespace its registry names, and its
 * registry; a tree or blob node after its children and blobs. What the {@code stream} answer of
 * the remote protocol sends, so that any prefix of it is complete subtrees, as a receiver must
 * store them. The walk holds one node a level on its stack (a chain of commits is as many levels).
 *
 * <p>Not thread-safe.
 */
final class ChildrenFirstWalk {

  /** Given each node, children first. */
  @FunctionalInterface
  interface Visitor {
    void visit(Hash id, byte[] node) throws IOException;
  }

  private final ReadTransaction tx;
  private final TreeReader registries;

  /** A walk reading through {@code tx}. */
  ChildrenFirstWalk(ReadTransaction tx) {
    this.tx = tx;
    this.registries = new TreeReader(tx);
  }

  /** A node read, with what it refers to still to walk. */
  private static final class Step {
    final Hash id;
    final byte[] node;
    final List<Hash> links;
    /** The first so many links are commits (a commit's parents), the others tree nodes. */
    final int commits;
    int next;

    Step(Hash id, byte[] node, List<Hash> links, int commits) {
      this.id = id;
      this.node = node;
      this.links = links;
      this.commits = commits;
    }
  }

  /**
   * Walks from commits. {@code enter} is asked about every node before it is read; answering
   * false skips it and everything only it reaches (answer false for what was seen, or what the
   * receiver has).
   *
   * @throws CorruptNodeException if a node is missing or malformed
   * @throws IOException if the visitor fails
   */
  void walk(Collection<Hash> commits, Predicate<Hash> enter, Visitor visit) throws IOException {
    Deque<Step> stack = new ArrayDeque<>();
    for (Hash commit : commits) {
      if (enter.test(commit)) {
        walkFrom(stack, commitStep(commit), enter, visit);
      }
    }
  }

  /**
   * Walks from commits like {@link #walk}, children first, but visits the leaves below level-1
   * nodes before anything else and in id order, which is the order stores keep nodes in: a store
   * that reads a page of several nodes at a time then reads each page once, where the walk's own
   * order (a random one in id space) would read a page for every node. Finding those leaves costs
   * a first pass over the commits and the nodes above the leaves, which the last pass reads again.
   *
   * @param done the nodes not to visit; every node visited is added to it
   * @throws CorruptNodeException if a node is missing or malformed
   * @throws IOException if the visitor fails
   */
  void walkLeavesFirst(Collection<Hash> commits, Set<Hash> done, Visitor visit) throws IOException {
    Set<Hash> seen = new HashSet<>();
    List<Hash> leaves = new ArrayList<>();
    Deque<Hash> commitsToRead = new ArrayDeque<>();
    Deque<Hash> treesToRead = new ArrayDeque<>();
    Predicate<Hash> unseen = id -> !TreeNodes.isEmptyTree(id) && !done.contains(id) && seen.add(id);
    for (Hash commit : commits) {
      if (unseen.test(commit)) {
        commitsToRead.push(commit);
      }
    }
    while (!commitsToRead.isEmpty() || !treesToRead.isEmpty()) {
      Step step = !commitsToRead.isEmpty() ? commitStep(commitsToRead.pop()) : treeStep(treesToRead.pop());
      boolean aboveLeaves = TreeNodes.isAboveLeaves(step.node);
      for (int i = 0; i < step.links.size(); i++) {
        Hash link = step.links.get(i);
        if (unseen.test(link)) {
          (i < step.commits ? commitsToRead : aboveLeaves ? leaves : treesToRead).add(link);
        }
      }
    }
    Collections.sort(leaves);
    Predicate<Hash> enter = done::add;
    Deque<Step> stack = new ArrayDeque<>();
    for (Hash leaf : leaves) {
      if (enter.test(leaf)) {
        walkFrom(stack, treeStep(leaf), enter, visit); // a leaf's blobs before it
      }
    }
    walk(commits, enter, visit);
  }

  /**
   * Enters everything below some nodes of any kind (commits told by their bytes), without visiting:
   * how a walk learns what a receiver holding those nodes, complete subtrees, need not be sent.
   * Nodes this store lacks are passed over.
   *
   * @throws CorruptNodeException if a node below one of them is missing or malformed
   */
  void enterBelow(Collection<Hash> roots, Predicate<Hash> enter) throws IOException {
    List<Hash> commits = new ArrayList<>();
    Deque<Step> stack = new ArrayDeque<>();
    for (Hash root : roots) {
      byte[] node = TreeNodes.isEmptyTree(root) ? null : tx.get(root);
      if (node != null && NodeLinks.isCommit(node)) {
        commits.add(root);
      } else if (node != null && enter.test(root)) {
        walkFrom(stack, treeStep(root), enter, (id, bytes) -> { });
      }
    }
    walk(commits, enter, (id, bytes) -> { });
  }

  private void walkFrom(Deque<Step> stack, Step first, Predicate<Hash> enter, Visitor visit) throws IOException {
    stack.push(first);
    while (!stack.isEmpty()) {
      Step top = stack.peek();
      if (top.next < top.links.size()) {
        boolean commitLink = top.next < top.commits;
        Hash link = top.links.get(top.next++);
        if (!TreeNodes.isEmptyTree(link) && enter.test(link)) {
          stack.push(commitLink ? commitStep(link) : treeStep(link));
        }
      } else {
        stack.pop();
        visit.visit(top.id, top.node);
      }
    }
  }

  private byte[] read(Hash id) {
    byte[] node = tx.get(id);
    if (node == null) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " is missing although the history refers to it; "
          + "verify the store");
    }
    return node;
  }

  private Step commitStep(Hash id) {
    byte[] node = read(id);
    Commit commit = Commit.decode(id, node);
    List<Hash> links = new ArrayList<>(commit.parents());
    int parents = links.size();
    if (!TreeNodes.isEmptyTree(commit.root())) {
      // The namespaces before the registry that names them, so that a registry stored is one whose trees are too.
      Iterator<Entry> namespaces = registries.iterator(NamespaceRegistry.at(commit.root()), KeyRange.all());
      while (namespaces.hasNext()) {
        try {
          links.add(Tree.fromBytes(namespaces.next().value()).root());
        } catch (IllegalArgumentException e) {
          throw new CorruptNodeException(commit.root(), "the namespace registry of commit " + id.toShortHex()
              + " holds a value that is not an encoded tree: " + e.getMessage());
        }
      }
      links.add(commit.root());
    }
    return new Step(id, node, links, parents);
  }

  private Step treeStep(Hash id) {
    byte[] node = read(id);
    if (NodeLinks.isCommit(node)) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " is a commit where a tree node belongs");
    }
    // The walk reads its own store, and a receiver decodes and checks every node it is sent: a leaf's
    // tag bytes tell that it holds no blob, without the whole decode that finds the blobs of one that does.
    List<Hash> links = TreeNodes.isInlineLeaf(node) ? List.of() : TreeNodes.references(id, node);
    return new Step(id, node, links, 0);
  }
}
