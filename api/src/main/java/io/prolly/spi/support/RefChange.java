package io.prolly.spi.support;

import io.prolly.spi.Hash;
import org.jspecify.annotations.Nullable;

/**
 * The net change of one ref within a transaction.
 *
 * @param expected the value the ref must have in the latest committed state for the commit to
 *     succeed, or null if it must not exist
 * @param value the value to set, or null to delete the ref
 */
public record RefChange(@Nullable Hash expected, @Nullable Hash value) {}
