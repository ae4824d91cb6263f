package io.prolly.tck;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * A jqwik hook that runs the model rule ({@code Model:required_randomOperationSequencesMatchTheModel})
 * with fewer random sequences than its 1,000, unless a system property asks for all of them; every
 * other rule keeps its full count. For a backend whose every step is a round trip to a database
 * server, where the full rule would take most of a build. A backend's test declares a subclass with
 * a public no-argument constructor naming its property and count, and adds it with
 * {@code @AddLifecycleHook(value = ..., propagateTo = PropagationMode.ALL_DESCENDANTS)}.
 */
public abstract class ModelRuleTries implements AroundPropertyHook {

  private static final String RULE = "required_randomOperationSequencesMatchTheModel";

  private final String property;
  private final int tries;

  /**
   * @param property the system property that, set to {@code true}, restores the rule's full count
   * @param tries the random sequences to run otherwise, at least 1
   */
  protected ModelRuleTries(String property, int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, not " + tries);
    }
    this.property = property;
    this.tries = tries;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor execution) {
    if (context.targetMethod().getName().equals(RULE) && !Boolean.getBoolean(property)) {
      context.attributes().setTries(tries);
    }
    return execution.execute();
  }
}
