/**
 * Prolly's user API: typed, versioned stores and what they are made of.
 *
 * <p>The exceptions of this package live in the {@code prolly-api} artifact, so that storage
 * backends can throw them; everything else lives in {@code prolly-core}.
 */
@NullMarked
package io.prolly;

import org.jspecify.annotations.NullMarked;
