/**
 * Prolly's public entry points and its exception hierarchy.
 *
 * <p>Every failure Prolly reports is an unchecked {@link io.prolly.ProllyException} (or an
 * {@link java.lang.IllegalArgumentException} for a bad argument); the message says what failed and
 * what to do about it.
 */
@NullMarked
package io.prolly;

import org.jspecify.annotations.NullMarked;
