package io.prolly.tck;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.FalsifiedSample;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Makes the failure of a TCK rule say what a backend author needs: the rule, the contract
 * sentence it checks and the bug it usually means ({@link Contract}), for a property the smallest
 * sample (for a stateful rule, the shrunk action sequence) that breaks it, and then what failed,
 * with the original failure as the cause. Every contract class installs it for all its rules;
 * it keeps no state.
 */
public final class RuleFailureMessages implements AroundPropertyHook {

  /** Creates the hook; jqwik does. */
  public RuleFailureMessages() {}

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    PropertyExecutionResult result = property.execute();
    if (result.status() != PropertyExecutionResult.Status.FAILED) {
      return result;
    }
    Throwable failure = result.throwable().orElse(null);
    String message;
    try {
      message = describe(context, result, failure);
    } catch (RuntimeException | Error undescribable) {
      // The rule's own failure must reach the author even if a sample cannot print itself.
      message = "TCK rule " + context.containerClass().getSimpleName() + "." + context.targetMethod().getName()
          + " failed (and describing it failed: " + undescribable + ").\n  What failed: " + failure;
    }
    return result.mapToFailed(new AssertionError(message, failure));
  }

  /** The message: rule, contract, bug, sample, failure. */
  static String describe(PropertyLifecycleContext context, PropertyExecutionResult result, Throwable failure) {
    StringBuilder message = new StringBuilder("TCK rule ")
        .append(context.containerClass().getSimpleName()).append('.').append(context.targetMethod().getName())
        .append(" failed.");
    context.findAnnotation(Contract.class).ifPresentOrElse(contract -> {
      message.append("\n  Contract: ").append(contract.value());
      if (!contract.catches().isEmpty()) {
        message.append("\n  Usually:  ").append(contract.catches());
      }
    }, () -> message.append("\n  Contract: ").append(sentence(context.targetMethod().getName())));
    result.shrunkSample().ifPresentOrElse(
        sample -> message.append("\n  Smallest failing sample (after ").append(sample.countShrinkingSteps())
            .append(" shrinking steps): ").append(parameters(sample)),
        () -> result.originalSample().ifPresent(sample -> message.append("\n  Failing sample: ")
            .append(parameters(sample))));
    message.append("\n  What failed: ").append(failure == null ? "(no exception)" : failure);
    return message.toString();
  }

  private static String parameters(FalsifiedSample sample) {
    List<Object> parameters = sample.parameters();
    return parameters.isEmpty() ? "(none)" : parameters.stream().map(RuleFailureMessages::text)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String text(Object parameter) {
    try {
      return String.valueOf(parameter);
    } catch (RuntimeException unprintable) {
      return "(a " + parameter.getClass().getSimpleName() + " that cannot print itself: " + unprintable + ")";
    }
  }

  /** A rule's name as words: {@code aCasToItselfSucceeds} is "a cas to itself succeeds". */
  static String sentence(String methodName) {
    String words = methodName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    return words.isEmpty() ? methodName : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
