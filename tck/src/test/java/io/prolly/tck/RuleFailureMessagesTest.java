package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ShrunkFalsifiedSample;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A broken backend's failures explain themselves: each names its rule, the contract sentence it
 * checks, for a property the smallest failing sample (for the stateful rule, the shrunk action
 * sequence), and what failed, with the original failure as the cause.
 */
class RuleFailureMessagesTest {

  @Test
  void aFailedRuleNamesItselfItsContractItsSmallestSampleAndWhatFailed() {
    Map<String, Throwable> failures = failuresWith(ReferenceBackend.Flaw.IGNORES_NODE_DELETES);

    assertThat(failures).containsKey("required_randomOperationSequencesMatchTheModel");
    Throwable model = failures.get("required_randomOperationSequencesMatchTheModel");
    assertThat(model).as("the failure of the model rule, %s", stackTrace(model)).hasMessageStartingWith("TCK rule Model.required_randomOperationSequencesMatchTheModel failed.")
        .hasMessageContaining("\n  Contract: ")
        .hasMessageContaining("\n  Failing sample: [ActionChain")
        .hasMessageContaining("\n  What failed: ")
        .hasCauseInstanceOf(AssertionError.class);
    assertThat(model.getMessage()).as("the shrunk action sequence is shown").contains("ActionChain");
    Contract contract = contractOf(StatefulRules.class, "required_randomOperationSequencesMatchTheModel");
    assertThat(model).as("the rule's @Contract is quoted")
        .hasMessageContaining("\n  Contract: " + contract.value() + "\n  Usually:  " + contract.catches() + "\n");

    Throwable example = failures.get("required_commitAppliesEveryChange");
    assertThat(example).hasMessageStartingWith("TCK rule ").hasMessageContaining("\n  Contract: ")
        .hasMessageContaining("\n  What failed: ");
    assertThat(example).hasMessageContaining(contractOf(AtomicityRules.class, "required_commitAppliesEveryChange").value());
  }

  @Test
  void aShrunkSampleIsShownWithItsShrinkingSteps() throws Exception {
    Method rule = StatefulRules.class.getDeclaredMethod("required_randomOperationSequencesMatchTheModel",
        net.jqwik.api.state.ActionChain.class);
    PropertyLifecycleContext context = proxy(PropertyLifecycleContext.class, (method, args) -> switch (method) {
      case "containerClass" -> StatefulRules.class;
      case "targetMethod" -> rule;
      case "findAnnotation" -> java.util.Optional.ofNullable(rule.getAnnotation((Class<Contract>) args[0]));
      default -> throw new UnsupportedOperationException(method);
    });
    ShrunkFalsifiedSample sample = proxy(ShrunkFalsifiedSample.class, (method, args) -> switch (method) {
      case "parameters" -> List.of("put node #1, commit");
      case "countShrinkingSteps" -> 7;
      default -> throw new UnsupportedOperationException(method);
    });
    PropertyExecutionResult result = proxy(PropertyExecutionResult.class, (method, args) -> switch (method) {
      case "shrunkSample" -> java.util.Optional.of(sample);
      default -> throw new UnsupportedOperationException(method);
    });
    String message = RuleFailureMessages.describe(context, result, new AssertionError("the model disagrees"));
    assertThat(message).isEqualTo("TCK rule StatefulRules.required_randomOperationSequencesMatchTheModel failed."
        + "\n  Contract: " + rule.getAnnotation(Contract.class).value()
        + "\n  Usually:  " + rule.getAnnotation(Contract.class).catches()
        + "\n  Smallest failing sample (after 7 shrinking steps): [put node #1, commit]"
        + "\n  What failed: java.lang.AssertionError: the model disagrees");
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> answer.apply(method.getName(), args));
  }

  @Test
  void aRuleWithoutAContractSentenceIsDescribedByItsName() {
    assertThat(RuleFailureMessages.sentence("required_aCasToItselfSucceeds")).isEqualTo("Required a cas to itself succeeds");
  }

  private static String stackTrace(Throwable failure) {
    java.io.StringWriter trace = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString();
  }

  private static Contract contractOf(Class<?> rules, String rule) {
    return Arrays.stream(rules.getDeclaredMethods()).filter(method -> method.getName().equals(rule)).findFirst()
        .orElseThrow().getAnnotation(Contract.class);
  }

  private static Map<String, Throwable> failuresWith(ReferenceBackend.Flaw flaw) {
    PrintStream console = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ReferenceBackendTest.flaw = flaw;
    try {
      Map<String, Throwable> failures = new LinkedHashMap<>();
      for (Event event : EngineTestKit.engine("jqwik")
          .configurationParameter("jqwik.database", "target/jqwik-failure-messages-database")
          // Shrinking the model rule's action chains takes minutes on a busy machine (and when its
          // time runs out, jqwik's report of the sample can race the last attempt); the shrunk
          // sample's line is checked below without it.
          .configurationParameter("jqwik.shrinking.default", "OFF")
          .selectors(selectClass(ReferenceBackendTest.class))
          .execute().testEvents().failed().list()) {
        String rule = event.getTestDescriptor().getSource().filter(MethodSource.class::isInstance)
            .map(source -> ((MethodSource) source).getMethodName()).orElse("?");
        event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
            .ifPresent(failure -> failures.put(rule, failure));
      }
      return failures;
    } finally {
      ReferenceBackendTest.flaw = ReferenceBackend.Flaw.NONE;
      System.setOut(console);
    }
  }
}
