/**
 * The prolly tree: a search tree over byte-string keys whose node boundaries are chosen by the
 * content alone, so the same set of entries always gives the same root {@link io.prolly.spi.Hash},
 * whatever order of edits produced it.
 *
 * <p>The public types are what the repository layer needs: {@link io.prolly.tree.TreeConfig} (the
 * chunking rules, recorded with every tree), {@link io.prolly.tree.Tree} (a root and its rules),
 * {@link io.prolly.tree.TreeReader} and {@link io.prolly.tree.TreeWriter} (operations inside a
 * store transaction); the values {@link io.prolly.tree.Entry}, {@link io.prolly.tree.KeyRange},
 * {@link io.prolly.tree.Edits} and {@link io.prolly.tree.Change}; and for three-way merges
 * {@link io.prolly.merge.ConflictResolver}, {@link io.prolly.merge.Conflict},
 * {@link io.prolly.merge.Resolution} and {@link io.prolly.tree.TreeMergeResult}. The node
 * format, the chunkers and the algorithms are package-private.
 *
 * <p>Values may be of any length: those over the config's inline limit are stored as
 * content-defined chunked blobs, shared by equal values, read back whole or as a stream
 * ({@link io.prolly.tree.TreeReader#openValue}).
 */
@NullMarked
package io.prolly.tree;

import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.Resolution;
import org.jspecify.annotations.NullMarked;
