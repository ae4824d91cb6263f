package io.prolly.tree;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Change} as the trees hold it: with {@link StoredValue stored values}, so that equal
 * large values compare by their blob references without being read.
 *
 * @param key the key
 * @param oldValue the stored value in the old tree, or null if the key was added
 * @param newValue the stored value in the new tree, or null if the key was removed
 */
record StoredChange(byte[] key, byte @Nullable [] oldValue, byte @Nullable [] newValue) {}
