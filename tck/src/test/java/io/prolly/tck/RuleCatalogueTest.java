package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.tck.repository.RepositoryContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Every TCK rule says what it checks: each rule method of the contract classes carries a
 * {@link Contract} with the contract sentence and a bug that breaks it, no rule class of the TCK
 * is left out of the contract classes, and docs/backend-guide.md lists every rule with both,
 * between the markers {@value #START} and {@value #END}.
 *
 * <p>When a rule is added or its {@code @Contract} changes, regenerate the table with
 * {@code ./mvnw -B -q -pl tck -am test -Dtest=RuleCatalogueTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dprolly.rules.write=true}, which rewrites the section of the guide and then checks it.
 */
class RuleCatalogueTest {

  static final String START = "<!-- rules:start -->";
  static final String END = "<!-- rules:end -->";
  private static final String WRITE = "prolly.rules.write";
  private static final String REGENERATE = "./mvnw -B -q -pl tck -am test -Dtest=RuleCatalogueTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true";

  /** The contract classes a backend extends, in the order the guide presents them. */
  private static final List<Class<?>> CONTRACTS = List.of(NodeStoreContract.class, LockingContract.class,
      CrashSafetyContract.class, DiskFullContract.class, CorruptionContract.class, StoreLocationContract.class,
      RepositoryContract.class);

  /** One rule: the contract class a backend extends, its group (empty for a rule of the class itself), and the method. */
  record Rule(Class<?> suite, String group, Method method) {
    String name() {
      return method.getName();
    }

    @Override
    public String toString() {
      return suite.getSimpleName() + (group.isEmpty() ? "" : "." + group) + "." + name();
    }
  }

  @Test
  void everyRuleNamesTheContractSentenceItChecksAndABugItCatches() {
    List<Rule> rules = rules();
    assertThat(rules).as("rules found in the contract classes").hasSizeGreaterThan(100);
    assertThat(rules.stream().filter(rule -> rule.method().getAnnotation(Contract.class) == null).map(Rule::toString))
        .as("rules without @Contract(value = \"the contract sentence\", catches = \"a bug that breaks it\")")
        .isEmpty();
    assertThat(rules.stream().filter(rule -> {
      Contract contract = rule.method().getAnnotation(Contract.class);
      return contract.value().isBlank() || contract.catches().isBlank();
    }).map(Rule::toString)).as("rules whose @Contract has no sentence or no bug").isEmpty();
  }

  @Test
  void everyRuleClassOfTheTckIsPartOfAContractClass() throws IOException {
    Set<Class<?>> reached = rules().stream().map(rule -> rule.method().getDeclaringClass())
        .collect(Collectors.toSet());
    Set<String> unreached = new TreeSet<>();
    for (Class<?> type : tckClasses()) {
      if (!reached.contains(type) && !ruleMethods(type).isEmpty()) {
        unreached.add(type.getName());
      }
    }
    assertThat(unreached).as("classes of the TCK with rules that no contract class in %s runs; add them there",
        CONTRACTS.stream().map(Class::getSimpleName).toList()).isEmpty();
  }

  @Test
  void theBackendGuideListsEveryRuleWithItsContractAndTheBugItCatches() throws IOException {
    Path guide = guide();
    String text = Files.readString(guide, StandardCharsets.UTF_8);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as("the marker %s in %s", START, guide).isNotNegative();
    assertThat(end).as("the marker %s after %s in %s", END, START, guide).isGreaterThan(start);
    String expected = START + "\n" + table(rules()) + END;
    if (Boolean.getBoolean(WRITE)) {
      text = text.substring(0, start) + expected + text.substring(end + END.length());
      Files.writeString(guide, text, StandardCharsets.UTF_8);
      end = text.indexOf(END);
    }
    assertThat(text.substring(start, end + END.length()))
        .as("the rule table of %s is out of date; regenerate it with%n  %s%n", guide, REGENERATE)
        .isEqualTo(expected);
  }

  /** Every rule of every contract class, in the order of {@link #CONTRACTS}, then group, then name. */
  static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Class<?> suite : CONTRACTS) {
      hierarchy(suite).flatMap(type -> ruleMethods(type).stream()).sorted(Comparator.comparing(Method::getName))
          .forEach(method -> rules.add(new Rule(suite, "", method)));
      Arrays.stream(suite.getDeclaredClasses()).filter(inner -> inner.isAnnotationPresent(Group.class))
          .sorted(Comparator.comparing(Class::getSimpleName))
          .forEach(group -> hierarchy(group).flatMap(type -> ruleMethods(type).stream())
              .sorted(Comparator.comparing(Method::getName))
              .forEach(method -> rules.add(new Rule(suite, group.getSimpleName(), method))));
    }
    return rules;
  }

  /** The guide's table: one row per rule. */
  static String table(List<Rule> rules) {
    StringBuilder table = new StringBuilder()
        .append("| suite | group | rule | contract | a bug it catches |\n")
        .append("|---|---|---|---|---|\n");
    for (Rule rule : rules) {
      Contract contract = rule.method().getAnnotation(Contract.class);
      table.append("| `").append(rule.suite().getSimpleName()).append("` | ")
          .append(rule.group().isEmpty() ? "" : "`" + rule.group() + "`").append(" | `")
          .append(rule.name()).append("` | ")
          .append(contract == null ? "" : cell(contract.value())).append(" | ")
          .append(contract == null ? "" : cell(contract.catches())).append(" |\n");
    }
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static Stream<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> t = type; t != null && t != Object.class; t = t.getSuperclass()) {
      types.add(t);
    }
    return types.stream();
  }

  private static List<Method> ruleMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(method -> method.isAnnotationPresent(Example.class) || method.isAnnotationPresent(Property.class))
        .toList();
  }

  /** Every class of the TCK's main sources, read from the directory or jar its classes come from. */
  private static Set<Class<?>> tckClasses() throws IOException {
    Path root;
    try {
      root = Path.of(Contract.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    assertThat(root).as("the TCK's classes, built into a directory").isDirectory();
    Set<Class<?>> classes = new LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (relative.endsWith(".class") && !relative.endsWith("module-info.class")) {
          String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
          classes.add(Class.forName(name, false, RuleCatalogueTest.class.getClassLoader()));
        }
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return classes;
  }

  /** docs/backend-guide.md, found from the working directory (the module's) upwards. */
  private static Path guide() {
    for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
      Path guide = directory.resolve("docs").resolve("backend-guide.md");
      if (Files.isRegularFile(guide)) {
        return guide;
      }
    }
    throw new UncheckedIOException(new IOException("docs/backend-guide.md not found above " + Path.of("").toAbsolutePath()));
  }
}
