/**
 * The {@code rocksdb} backend: nodes, refs and metadata in three column families of a RocksDB
 * database (an LSM tree, suited to write-heavy stores). A commit is one atomic write batch;
 * transactions read through RocksDB snapshots. rocksdbjni objects have no finalizers, so every
 * native object here is closed explicitly, in reverse order of creation.
 */
@NullMarked
package io.prolly.backend.rocksdb;

import org.jspecify.annotations.NullMarked;
