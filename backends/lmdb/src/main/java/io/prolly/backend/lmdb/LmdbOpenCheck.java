package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;

/**
 * How much of an existing LMDB store is checked when it is opened; the value of the
 * {@code checkOnOpen} option. LMDB keeps no checksums and follows its data file blindly, so the
 * backend checks the file itself before LMDB reads it.
 */
public enum LmdbOpenCheck {

  /**
   * The {@linkplain #STRUCTURE page structure}, unless the data file is in the very state this
   * backend left it in when it last closed the store after checking it: same device and inode,
   * size, modification and change times, and meta pages (the state is kept in the store's lock
   * file). Any write to the file by another program, a copy, a restore, a truncation or a crash
   * during a commit changes that state, and the open checks the structure as {@link #STRUCTURE}
   * does; so opening an unchanged store reads two meta pages instead of every B-tree page. What
   * it takes on trust is a file that changed without the file system knowing: the storage
   * medium corrupting the bytes of a file nobody wrote. The default.
   */
  CHANGED,

  /**
   * The page structure of every B-tree, at every open: page numbers, page headers, node bounds
   * and key order. Damage there would make LMDB read outside its map and crash the process; it is
   * reported as {@link io.prolly.error.CorruptStoreException} instead. Reads the branch and leaf
   * pages: a few percent of a store of 4 KiB nodes, most of a store of small nodes (a long history
   * of commits).
   */
  STRUCTURE,

  /**
   * The structure, then every node against its id, the node totals against the nodes and every
   * ref against its checksum: damage anywhere in the data file is reported when the store is
   * opened. Reads and hashes the whole store, so opening takes time in proportion to its size.
   */
  FULL
}
