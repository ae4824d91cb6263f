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
   * nodes. Meant for a maintenance window:
   *
   * <ul>
   *   <li>it holds an {@code ACCESS EXCLUSIVE} lock on each table while it rewrites it: every read
   *       and commit of the store, in every process, waits until the rewrite ends (none is
   *       refused);
   *   <li>it first waits for the transactions that have read the table to end, at most 10 s: a
   *       write transaction that read a table and then commits would otherwise wait for the
   *       rewrite while the rewrite waits for it. After 10 s {@code compact()} throws
   *       {@link JdbcStoreException} with SQL state {@code 55P03}, having changed no data;
   *   <li>rows that an open transaction can still see are kept, so the tables shrink only as far
   *       as the oldest open transaction allows;
   *   <li>if the thread that calls {@code compact()} holds a transaction of the same store that
   *       has read the tables, a plain {@code VACUUM} runs instead, since the rewrite would wait
   *       for that transaction forever; a later {@code compact()} gives the space back;
   *   <li>it needs free disk space for a copy of the live rows.
   * </ul>
   */
  FULL
}
