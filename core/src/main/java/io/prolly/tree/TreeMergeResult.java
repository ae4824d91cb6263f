package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import io.prolly.merge.Conflict;
import java.util.List;

/**
 * What a three-way merge of trees gives: the merged tree and the conflicts its resolver left
 * unresolved. For each unresolved key the tree keeps our side's value, so a caller that accepts
 * the result as is keeps ours; a caller that refuses conflicts discards the tree (its nodes are
 * unreachable until the transaction that wrote them commits).
 *
 * @param tree the merged tree
 * @param conflicts the unresolved conflicts, in key order; empty when the merge is clean
 */
public record TreeMergeResult(Tree tree, List<Conflict> conflicts) {

  /**
   * Checks and copies the arguments.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public TreeMergeResult {
    Arguments.check(tree != null && conflicts != null, "merged tree and conflicts must be non-null");
    conflicts = List.copyOf(conflicts);
  }

  /**
   * Tells whether the resolver settled every conflict.
   *
   * @return true if there is no unresolved conflict
   */
  public boolean isClean() {
    return conflicts.isEmpty();
  }
}
