package io.prolly.commit;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.RefName;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a revision written by a person into a commit id, the way git does:
 *
 * <ul>
 *   <li>a branch ({@code main}), a tag ({@code v1.0}), a full ref ({@code heads/main},
 *       {@code remotes/origin/main}) or a remote-tracking ref without its prefix
 *       ({@code origin/main} for {@code remotes/origin/main}), looked up in that order;
 *   <li>a commit id in full (64 hex digits) or a unique prefix of at least
 *       {@value #MIN_PREFIX} digits, among the commits reachable from branches and tags;
 *   <li>followed by any number of {@code ~n} (the n-th first-parent ancestor; {@code ~} is
 *       {@code ~1}) and {@code ^n} (the n-th parent; {@code ^} is {@code ^1}, {@code ^0} the
 *       commit itself), as in {@code main~2^2}.
 * </ul>
 *
 * <p>Reads through one transaction, so a revision resolves against one consistent state.
 */
public final class RevisionResolver {

  /** The fewest hex digits accepted as a commit id prefix. */
  public static final int MIN_PREFIX = 4;

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{" + MIN_PREFIX + "," + Hash.HEX_LENGTH + "}");
  private static final int MAX_CANDIDATES_SHOWN = 8;

  private final ReadTransaction tx;
  private final CommitGraph graph;

  /**
   * Creates a resolver reading through a transaction.
   *
   * @param tx an open transaction
   */
  public RevisionResolver(ReadTransaction tx) {
    this.tx = tx;
    this.graph = new CommitGraph(CommitSource.of(tx));
  }

  /**
   * Resolves a revision.
   *
   * @param revision the revision, such as {@code main}, {@code v1.0}, {@code 3fa9c1},
   *     {@code main~2} or {@code main^2}
   * @return the id of the commit it names
   * @throws IllegalArgumentException if {@code revision} is null, empty or malformed
   * @throws RevisionNotFoundException if it names nothing, goes past the first commit, asks for a
   *     parent a commit does not have, or is an ambiguous prefix; the message says which
   * @throws io.prolly.error.CorruptNodeException if a commit it passes through is damaged or missing
   */
  public Hash resolve(String revision) {
    if (revision == null || revision.isBlank()) {
      throw new IllegalArgumentException("revision is empty; name a branch, tag or commit, e.g. 'main' or 'main~1'");
    }
    int suffixes = firstSuffix(revision);
    String base = revision.substring(0, suffixes);
    if (base.isEmpty()) {
      throw new IllegalArgumentException("revision '" + revision + "' has no branch, tag or commit before '"
          + revision.charAt(0) + "'");
    }
    Hash current = resolveBase(revision, base);
    int i = suffixes;
    while (i < revision.length()) {
      char operator = revision.charAt(i++);
      int digitsEnd = i;
      while (digitsEnd < revision.length() && Character.isDigit(revision.charAt(digitsEnd))) {
        digitsEnd++;
      }
      int n = digitsEnd == i ? 1 : parseCount(revision, revision.substring(i, digitsEnd));
      i = digitsEnd;
      if (i < revision.length() && revision.charAt(i) != '~' && revision.charAt(i) != '^') {
        throw new IllegalArgumentException("revision '" + revision + "' has '" + revision.charAt(i)
            + "' at index " + i + " where '~', '^' or a number belongs");
      }
      current = operator == '~' ? ancestor(revision, current, n) : parent(revision, current, n);
    }
    if (suffixes < revision.length()) {
      tx.get(current); // a commit a parent names may be absent on purpose: a partial clone's read says so
    }
    return current;
  }

  private Hash resolveBase(String revision, String base) {
    for (String ref : new String[] {RefNames.BRANCHES + base, RefNames.TAGS + base, base,
        RefNames.REMOTES + base}) {
      if (isRefName(ref)) {
        Hash target = tx.ref(ref);
        if (target != null) {
          return target;
        }
      }
    }
    if (HEX.matcher(base).matches()) {
      return base.length() == Hash.HEX_LENGTH ? existingCommit(revision, Hash.parse(base)) : byPrefix(revision, base);
    }
    throw new RevisionNotFoundException(revision, "no branch, tag or commit is called '" + base + "'; branches: "
        + names(RefNames.BRANCHES) + "; tags: " + names(RefNames.TAGS));
  }

  private Hash existingCommit(String revision, Hash id) {
    byte[] node = tx.get(id);
    if (node == null) {
      throw new RevisionNotFoundException(revision, "there is no commit " + id.toShortHex() + " in this repository");
    }
    try {
      Commit.decode(id, node);
    } catch (CorruptNodeException notACommit) {
      throw new RevisionNotFoundException(revision, "node " + id.toShortHex() + " exists but is not a commit");
    }
    return id;
  }

  private Hash byPrefix(String revision, String prefix) {
    List<Hash> heads = new ArrayList<>(tx.refs(RefNames.BRANCHES).values());
    heads.addAll(tx.refs(RefNames.TAGS).values());
    List<Hash> matches = graph.log(heads).map(LogEntry::id).filter(id -> id.hasHexPrefix(prefix))
        .limit(MAX_CANDIDATES_SHOWN + 1).collect(Collectors.toList());
    if (matches.isEmpty()) {
      throw new RevisionNotFoundException(revision, "no branch, tag or commit matches '" + prefix + "'");
    }
    if (matches.size() > 1) {
      throw new RevisionNotFoundException(revision, "'" + prefix + "' is the start of several commits: "
          + matches.stream().limit(MAX_CANDIDATES_SHOWN).map(Hash::toShortHex).collect(Collectors.joining(", "))
          + (matches.size() > MAX_CANDIDATES_SHOWN ? ", ..." : "") + "; give more digits");
    }
    return matches.get(0);
  }

  private Hash ancestor(String revision, Hash from, int generations) {
    Hash ancestor = graph.firstParentAncestor(from, generations);
    if (ancestor == null) {
      throw new RevisionNotFoundException(revision, "'" + revision + "' goes back " + generations
          + " first parents from " + from.toShortHex() + ", past the first commit");
    }
    return ancestor;
  }

  private Hash parent(String revision, Hash of, int n) {
    if (n == 0) {
      return of;
    }
    List<Hash> parents = CommitSource.of(tx).read(of).parents();
    if (n > parents.size()) {
      throw new RevisionNotFoundException(revision, "commit " + of.toShortHex() + " has " + parents.size()
          + (parents.size() == 1 ? " parent" : " parents") + ", so it has no parent " + n);
    }
    return parents.get(n - 1);
  }

  private static int firstSuffix(String revision) {
    for (int i = 0; i < revision.length(); i++) {
      if (revision.charAt(i) == '~' || revision.charAt(i) == '^') {
        return i;
      }
    }
    return revision.length();
  }

  private static int parseCount(String revision, String digits) {
    if (digits.length() > 9) {
      throw new IllegalArgumentException("revision '" + revision + "' has a number too large: " + digits);
    }
    return Integer.parseInt(digits);
  }

  private static boolean isRefName(String name) {
    try {
      RefName.check(name);
      return true;
    } catch (IllegalArgumentException notARef) {
      return false;
    }
  }

  private String names(String prefix) {
    SortedMap<String, Hash> refs = tx.refs(prefix);
    if (refs.isEmpty()) {
      return "none";
    }
    TreeSet<String> names = new TreeSet<>();
    refs.keySet().stream().limit(MAX_CANDIDATES_SHOWN).forEach(name -> names.add(name.substring(prefix.length())));
    return String.join(", ", names) + (refs.size() > MAX_CANDIDATES_SHOWN ? ", ..." : "");
  }
}
