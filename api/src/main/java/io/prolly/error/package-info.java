/**
 * The exceptions Prolly throws, for users and backends alike.
 *
 * <p>Every failure Prolly reports is an unchecked {@link io.prolly.error.ProllyException} (or an
 * {@link java.lang.IllegalArgumentException} for a bad argument); the message says what failed and
 * what to do about it. Backends throw the storage-level ones ({@link
 * io.prolly.error.ConcurrencyException}, {@link io.prolly.error.StoreClosedException}, {@link
 * io.prolly.error.StoreLockedException}, {@link io.prolly.error.CorruptStoreException}, {@link
 * io.prolly.error.StorageFullException}); the repository adds the rest.
 */
@NullMarked
package io.prolly.error;

import org.jspecify.annotations.NullMarked;
