/**
 * The technology compatibility kit: the contract tests every {@link io.prolly.spi.NodeStore}
 * must pass.
 *
 * <p>A backend's whole contract test is one subclass of {@link io.prolly.tck.NodeStoreContract}
 * that says how to open a store. Each rule is a jqwik property or example named after what it
 * requires ({@code required_...}), so a failing run reads as the list of broken rules.
 *
 * <p>A persistent backend adds more one-class tests: {@link io.prolly.tck.CrashSafetyContract}
 * (a writer JVM killed mid-commit loses no acknowledged commit and shows no partial one),
 * {@link io.prolly.tck.CorruptionContract} (damaged files give the committed data or a corruption
 * exception, never wrong data), {@link io.prolly.tck.LockingContract} (one open handle per
 * location), {@link io.prolly.tck.StoreLocationContract} (locations that are not the
 * backend's own are refused untouched; exact figures; a harmless second close) and
 * {@link io.prolly.tck.DiskFullContract} (a full disk fails a commit with
 * {@link io.prolly.error.StorageFullException}, loses nothing, and the store commits again once
 * space is freed).
 */
@NullMarked
package io.prolly.tck;

import org.jspecify.annotations.NullMarked;
