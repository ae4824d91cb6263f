package io.prolly.backend.jdbc;

/**
 * What {@code compact()} (and so {@code gc} with compaction) runs on the store's tables; the value
 * of the {@code vacuum} option.
 */
public enum JdbcVacuum {

  /**
   * A plain {@code VACUUM} of the node and ref tables, the default: the space of deleted nodes
   * becomes reusable by later commits and empty pages at the end of a table go back to the file
   * system, but the tables do not shrink to their live rows. It takes no lock that stops reads or
   * commits, of this process or any other.
   */
  PLAIN,

  /**
   * {@code VACUUM FULL} of the node and ref tables: each is rewritten to its live rows and the old
   * files go back to the file system, so the tables shrink to about the size of the reachable
   * nodes. It needs free disk space for a copy of the live rows, and holds an
   * {@code ACCESS EXCLUSIVE} lock on each table while it rewrites it: every read and commit of the
   * store, in every process, waits (it is not refused) until the rewrite ends, and the rewrite
   * itself first waits for the transactions that have read the table to end. Meant for a
   * maintenance window. If the thread that calls {@code compact()} holds a transaction of the same
   * store open that has read the tables, {@code VACUUM FULL} would wait for it forever, so a plain
   * {@code VACUUM} runs instead and a later {@code compact()} gives the space back.
   */
  FULL
}
