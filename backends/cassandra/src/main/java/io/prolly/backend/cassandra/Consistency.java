package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;

/**
 * The consistency levels a {@code cassandra:} store reads and writes with, always as a pair that
 * overlaps: node rows written at one level must be seen by a reader that found their commit record
 * with the serial level.
 */
public enum Consistency {

  /** {@code QUORUM} and {@code SERIAL}: correct across every datacentre of the cluster. */
  QUORUM(DefaultConsistencyLevel.QUORUM, DefaultConsistencyLevel.SERIAL),

  /**
   * {@code LOCAL_QUORUM} and {@code LOCAL_SERIAL}: faster, but correct only while every process of
   * the repository uses the same datacentre.
   */
  LOCAL(DefaultConsistencyLevel.LOCAL_QUORUM, DefaultConsistencyLevel.LOCAL_SERIAL);

  private final ConsistencyLevel plain;
  private final ConsistencyLevel serial;

  Consistency(ConsistencyLevel plain, ConsistencyLevel serial) {
    this.plain = plain;
    this.serial = serial;
  }

  ConsistencyLevel plain() {
    return plain;
  }

  ConsistencyLevel serial() {
    return serial;
  }
}
