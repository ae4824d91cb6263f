package io.prolly.tck;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a rule, and reports it as skipped, when the fixture declares its backend not persistent.
 */
public final class PersistentBackendsOnly implements SkipExecutionHook {

  /** Created by jqwik. */
  public PersistentBackendsOnly() {}

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    if (context instanceof PropertyLifecycleContext) {
      for (Object instance : ((PropertyLifecycleContext) context).testInstances()) {
        if (instance instanceof ContractBase && !((ContractBase) instance).fixture().persistent()) {
          return SkipResult.skip("the backend declares itself not persistent (BackendFixture.persistent() is false)");
        }
      }
    }
    return SkipResult.doNotSkip();
  }
}
