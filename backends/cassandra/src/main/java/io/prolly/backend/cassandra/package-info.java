/**
 * The {@code cassandra} backend: a repository kept in Apache Cassandra. Each store's refs,
 * counters and commit records live in one partition, moved by one conditional (lightweight
 * transaction) batch per commit; node rows carry the id of the transaction that wrote them and
 * count only once that transaction's commit record is there. See {@code docs/backend-cassandra.md}.
 */
@NullMarked
package io.prolly.backend.cassandra;

import org.jspecify.annotations.NullMarked;
