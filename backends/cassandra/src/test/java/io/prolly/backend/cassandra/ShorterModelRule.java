package io.prolly.backend.cassandra;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Runs the TCK's model rule ({@code Model:required_randomOperationSequencesMatchTheModel}) with
 * {@value #BUILD_TRIES} random sequences instead of its 1,000, unless
 * {@code -Dprolly.cassandra.modelRule=true} is given. Each sequence has up to 40 steps and re-reads
 * the whole committed state after every step, each read a serial (Paxos) read plus a scan of the
 * node partitions: the full rule would take the better part of an hour against one node. Every
 * other rule runs at its full count.
 */
public final class ShorterModelRule implements AroundPropertyHook {

  /** The system property that restores the rule's full count. */
  static final String PROPERTY = "prolly.cassandra.modelRule";

  static final int BUILD_TRIES = 40;

  private static final String RULE = "required_randomOperationSequencesMatchTheModel";

  /** Created by jqwik. */
  public ShorterModelRule() {}

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    if (context.targetMethod().getName().equals(RULE) && !Boolean.getBoolean(PROPERTY)) {
      context.attributes().setTries(BUILD_TRIES);
    }
    return property.execute();
  }
}
