/**
 * The {@code memory} backend: nodes and refs in the heap, with snapshot reads through persistent
 * (immutable, structure-sharing) maps. Each open store is new and empty; nothing survives
 * {@code close()}. For tests and caches.
 */
@NullMarked
package io.prolly.backend.memory;

import org.jspecify.annotations.NullMarked;
