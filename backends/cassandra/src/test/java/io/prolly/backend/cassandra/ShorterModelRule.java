package io.prolly.backend.cassandra;

import io.prolly.tck.ModelRuleTries;

/**
 * Runs the TCK's model rule ({@code Model:required_randomOperationSequencesMatchTheModel}) with
 * {@value #BUILD_TRIES} random sequences instead of its 1,000, unless
 * {@code -Dprolly.cassandra.modelRule=true} is given. Each sequence has up to 40 steps and re-reads
 * the whole committed state after every step, each read a serial (Paxos) read plus a scan of the
 * node partitions: the full rule would take the better part of an hour against one node. Every
 * other rule runs at its full count.
 */
public final class ShorterModelRule extends ModelRuleTries {

  /** The system property that restores the rule's full count. */
  static final String PROPERTY = "prolly.cassandra.modelRule";

  static final int BUILD_TRIES = 40;

  /** Created by jqwik. */
  public ShorterModelRule() {
    super(PROPERTY, BUILD_TRIES);
  }
}
