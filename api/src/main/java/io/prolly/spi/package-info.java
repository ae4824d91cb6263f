/**
 * The storage SPI: what a backend implements so that Prolly can keep its data there.
 *
 * <p>A backend stores two things and knows nothing else about Prolly. <b>Nodes</b> are immutable
 * byte arrays addressed by the SHA-256 {@link io.prolly.spi.Hash} of their bytes. <b>Refs</b> are
 * mutable names (such as {@code heads/main}) that point to a node id. Trees, commits, branches and
 * everything else are built by Prolly's core on top, so every backend behaves the same and a new
 * backend is a few hundred lines.
 *
 * <p>Entry point: a {@link io.prolly.spi.BackendProvider} registered for
 * {@link java.util.ServiceLoader} opens a {@link io.prolly.spi.NodeStore} from a
 * {@link io.prolly.spi.StoreConfig}. All reads go through a {@link io.prolly.spi.ReadTransaction}
 * (one consistent snapshot) and all changes through a {@link io.prolly.spi.WriteTransaction}
 * (all or nothing, with compare-and-set on refs). The contract is spelled out on each type and
 * enforced by the {@code prolly-tck} test kit.
 *
 * <p>The package {@code io.prolly.spi.support} holds optional base classes that do the
 * bookkeeping common to every backend (argument checks, staged writes, lifecycle).
 */
@NullMarked
package io.prolly.spi;

import org.jspecify.annotations.NullMarked;
