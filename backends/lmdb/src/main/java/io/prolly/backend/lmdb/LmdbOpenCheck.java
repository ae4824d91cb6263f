package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;

/**
 * How much of an existing LMDB store is checked when it is opened; the value of the
 * {@code checkOnOpen} option. LMDB keeps no checksums and follows its data file blindly, so the
 * backend checks the file itself before LMDB reads it.
 */
public enum LmdbOpenCheck {

  /**
   * The page structure of every B-tree: page numbers, page headers, node bounds and key order.
   * Damage there would make LMDB read outside its map and crash the process; it is reported as
   * {@link io.prolly.error.CorruptStoreException} instead. Reads the branch and leaf pages, a few
   * percent of a store of 4 KiB nodes. The default.
   */
  STRUCTURE,

  /**
   * The structure, then every node against its id, the node totals against the nodes and every
   * ref against its checksum: damage anywhere in the data file is reported when the store is
   * opened. Reads and hashes the whole store, so opening takes time in proportion to its size.
   */
  FULL
}
