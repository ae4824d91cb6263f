/**
 * Finding and opening storage backends: {@link io.prolly.backend.Backends} looks up
 * {@link io.prolly.spi.BackendProvider}s with {@link java.util.ServiceLoader} and opens a
 * {@link io.prolly.spi.NodeStore} from a store URI or configuration.
 */
@NullMarked
package io.prolly.backend;

import org.jspecify.annotations.NullMarked;
