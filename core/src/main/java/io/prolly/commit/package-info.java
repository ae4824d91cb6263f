/**
 * History: commit nodes, branch and tag names, revision expressions and the commit graph.
 *
 * <p>This is machinery behind {@code io.prolly.Repository}; applications do not need to import
 * it. A commit names the root of a namespace registry (itself a prolly tree) and its parents, so
 * everything here works on hashes and never looks inside a tree.
 */
@NullMarked
package io.prolly.commit;

import org.jspecify.annotations.NullMarked;
