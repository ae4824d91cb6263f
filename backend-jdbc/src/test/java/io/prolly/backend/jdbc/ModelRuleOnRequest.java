package io.prolly.backend.jdbc;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips the TCK's model rule ({@code Model:required_randomOperationSequencesMatchTheModel}), and
 * reports it as skipped, unless {@code -Dprolly.jdbc.modelRule=true} is given. The rule runs
 * 1,000 sequences of up to 40 steps and after every step re-reads the whole committed state (about
 * 25 statements): about a million database round trips, nine minutes on a busy two-core machine,
 * against seconds for an embedded backend. Every other rule of the contract runs by default.
 */
public final class ModelRuleOnRequest implements SkipExecutionHook {

  /** The system property that turns the model rule on. */
  static final String PROPERTY = "prolly.jdbc.modelRule";

  private static final String RULE = "required_randomOperationSequencesMatchTheModel";

  /** Created by jqwik. */
  public ModelRuleOnRequest() {}

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    if (context instanceof PropertyLifecycleContext
        && ((PropertyLifecycleContext) context).targetMethod().getName().equals(RULE)
        && !Boolean.getBoolean(PROPERTY)) {
      return SkipResult.skip("the model rule needs about a million round trips to PostgreSQL; run it with -D"
          + PROPERTY + "=true");
    }
    return SkipResult.doNotSkip();
  }
}
