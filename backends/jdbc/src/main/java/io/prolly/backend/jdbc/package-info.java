/**
 * The {@code jdbc} backend: a repository kept in PostgreSQL, so several application processes
 * share it. Nodes and refs are two tables; a commit is one database transaction that inserts its
 * nodes and moves its refs with conditional {@code UPDATE}s, so ref compare-and-set holds across
 * processes. Read transactions are {@code REPEATABLE READ} snapshots. Connections come from a
 * HikariCP pool, or from a {@link javax.sql.DataSource} the application passes.
 */
@NullMarked
package io.prolly.backend.jdbc;

import org.jspecify.annotations.NullMarked;
