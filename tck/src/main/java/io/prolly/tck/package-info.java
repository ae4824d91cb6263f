/**
 * The technology compatibility kit: the contract tests every {@link io.prolly.spi.NodeStore}
 * must pass.
 *
 * <p>A backend's whole contract test is one subclass of {@link io.prolly.tck.NodeStoreContract}
 * that says how to open a store. Each rule is a jqwik property or example named after what it
 * requires ({@code required_...}), so a failing run reads as the list of broken rules.
 */
@NullMarked
package io.prolly.tck;

import org.jspecify.annotations.NullMarked;
