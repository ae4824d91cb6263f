/**
 * The {@code lmdb} backend: nodes and refs in an LMDB environment (a memory-mapped, copy-on-write
 * B+tree), accessed through lmdbjava's byte-array proxy so it needs no {@code --add-opens}. Read
 * transactions are LMDB read transactions, so readers never block and never see a half-applied
 * commit; the map grows on demand when a commit does not fit.
 */
@NullMarked
package io.prolly.backend.lmdb;

import org.jspecify.annotations.NullMarked;
