/**
 * Optional building blocks for backend authors.
 *
 * <p>Extend {@link io.prolly.spi.support.AbstractNodeStore} and a backend only supplies three
 * things: a {@link io.prolly.spi.support.Snapshot} of its committed state, a way to
 * {@linkplain io.prolly.spi.support.AbstractNodeStore#apply apply} a batch of
 * {@link io.prolly.spi.support.Changes} atomically, and its figures. The base class does the
 * rest the same way for every backend: argument checks, read-your-writes staging of a write
 * transaction, compare-and-set bookkeeping, tracking open transactions and closing safely while
 * other threads are still using the store.
 */
@NullMarked
package io.prolly.spi.support;

import org.jspecify.annotations.NullMarked;
