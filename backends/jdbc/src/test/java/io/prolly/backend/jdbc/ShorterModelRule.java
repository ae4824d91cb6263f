package io.prolly.backend.jdbc;

import io.prolly.tck.ModelRuleTries;

/**
 * Runs the TCK's model rule ({@code Model:required_randomOperationSequencesMatchTheModel}) with
 * {@value #BUILD_TRIES} random sequences instead of its 1,000, unless
 * {@code -Dprolly.jdbc.modelRule=true} is given. Each sequence has up to 40 steps and re-reads the
 * whole committed state after every step (about 25 statements): the full rule makes about a
 * million database round trips, nine minutes on a busy two-core machine, against seconds for an
 * embedded backend. Every other rule runs at its full count.
 */
public final class ShorterModelRule extends ModelRuleTries {

  /** The system property that restores the rule's full count. */
  static final String PROPERTY = "prolly.jdbc.modelRule";

  static final int BUILD_TRIES = 60;

  /** Created by jqwik. */
  public ShorterModelRule() {
    super(PROPERTY, BUILD_TRIES);
  }
}
