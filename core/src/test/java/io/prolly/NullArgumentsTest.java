package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.prolly.backend.Backends;
import io.prolly.error.ProllyException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeFn;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the whole public API — every public constructor and method of every public type in the
 * packages that the api and core modules export — and calls each one with null for one argument
 * that is not annotated {@link Nullable}, every other argument a valid sample. Each call must
 * throw {@link IllegalArgumentException} naming the argument. The types and members come from the
 * module descriptors, so a new public method is checked without touching this test.
 */
class NullArgumentsTest {

  private final List<AutoCloseable> opened = new ArrayList<>();
  private Path directory;

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPublicMethodRejectsNullArgumentsWithAnIllegalArgumentExceptionNamingThem() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> type : publicApiTypes()) {
      for (Executable member : members(type)) {
        Parameter[] parameters = member.getParameters();
        for (int i = 0; i < parameters.length; i++) {
          if (parameters[i].getType().isPrimitive() || isNullable(member, i)) {
            continue;
          }
          int index = i;
          tests.add(DynamicTest.dynamicTest(describe(member) + " with " + parameters[i].getName() + " = null",
              () -> assertRejectsNull(member, index)));
        }
      }
    }
    return tests.stream();
  }

  @Test
  void theWalkCoversTheWholeApi() {
    List<Class<?>> types = publicApiTypes();
    assertThat(types).contains(Repository.class, Store.class, Snapshot.class, LiveStore.class, Maintenance.class,
        Transfer.class, MergeFn.class, Hash.class, StoreConfig.class, NodeStore.class,
        io.prolly.spi.support.Arguments.class);
    assertThat(types).doesNotContain(WorkingCopy.class);
    long checked = types.stream().flatMap(type -> members(type).stream())
        .mapToLong(member -> member.getParameterCount()).sum();
    assertThat(checked).as("parameters seen").isGreaterThan(250);
  }

  private void assertRejectsNull(Executable member, int nullIndex) throws Exception {
    directory = Files.createTempDirectory("prolly-null-test");
    Object receiver = Modifier.isStatic(member.getModifiers()) || member instanceof Constructor<?>
        ? null : receiver(member.getDeclaringClass());
    Parameter[] parameters = member.getParameters();
    Object[] arguments = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      arguments[i] = i == nullIndex ? null : sample(parameters[i].getType());
    }
    Throwable thrown = null;
    try {
      if (member instanceof Method method) {
        method.invoke(receiver, arguments);
      } else {
        ((Constructor<?>) member).newInstance(arguments);
      }
    } catch (InvocationTargetException e) {
      thrown = e.getCause();
    }
    String name = parameters[nullIndex].getName();
    String where = describe(member) + implementedBy(member, receiver);
    if (thrown == null) {
      fail(where + " accepted null for " + name);
    }
    if (!(thrown instanceof IllegalArgumentException) || thrown.getMessage() == null
        || !thrown.getMessage().contains(name)) {
      throw new AssertionError(where + " with " + name + " = null must throw IllegalArgumentException"
          + " naming '" + name + "', threw " + thrown, thrown);
    }
  }

  private static String implementedBy(Executable member, @Nullable Object receiver) {
    if (receiver == null || !(member instanceof Method method)) {
      return "";
    }
    try {
      Class<?> implementation = receiver.getClass().getMethod(method.getName(), method.getParameterTypes())
          .getDeclaringClass();
      return implementation == method.getDeclaringClass() ? "" : " (implemented by " + implementation.getName() + ")";
    } catch (NoSuchMethodException e) {
      return "";
    }
  }

  // ---- What the walk covers ----

  /** The public types of the exported packages of io.prolly.api and io.prolly.core, by name. */
  private static List<Class<?>> publicApiTypes() {
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> anchor : List.of(Hash.class, Prolly.class)) {
      ModuleReference module = moduleOf(anchor);
      Set<String> exported = new TreeSet<>();
      module.descriptor().exports().stream().filter(export -> !export.isQualified())
          .forEach(export -> exported.add(export.source()));
      try (ModuleReader reader = module.open()) {
        reader.list().filter(entry -> entry.endsWith(".class") && !entry.contains("module-info")
                && !entry.contains("package-info"))
            .map(entry -> entry.substring(0, entry.length() - ".class".length()).replace('/', '.'))
            .filter(name -> exported.contains(name.substring(0, name.lastIndexOf('.'))))
            .sorted()
            .forEach(name -> load(name).filter(NullArgumentsTest::isPublicApi).ifPresent(types::add));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return types;
  }

  private static ModuleReference moduleOf(Class<?> anchor) {
    try {
      Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      return ModuleFinder.of(location).findAll().iterator().next();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.util.Optional<Class<?>> load(String name) {
    try {
      return java.util.Optional.of(Class.forName(name, false, NullArgumentsTest.class.getClassLoader()));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> outer = type; outer != null; outer = outer.getDeclaringClass()) {
      if (!Modifier.isPublic(outer.getModifiers())) {
        return false;
      }
    }
    // Exceptions keep the Throwable convention: a message or cause may be null.
    return !Throwable.class.isAssignableFrom(type) && !type.isAnonymousClass() && !type.isSynthetic();
  }

  /** Public constructors and the public methods a type declares, without Object's null-tolerant ones. */
  private static List<Executable> members(Class<?> type) {
    List<Executable> members = new ArrayList<>();
    if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers()) && !type.isEnum()) {
      members.addAll(List.of(type.getConstructors()));
    }
    for (Method method : type.getDeclaredMethods()) {
      // The callback of a functional interface is the user's code, called by Prolly with what it has,
      // and so are its overloads (ProgressListener's with bytes). So are the methods of
      // RepositoryMetrics: Prolly calls them, on hot paths, with what it has.
      boolean callback = type.isAnnotationPresent(FunctionalInterface.class) && isCallback(type, method)
          || implementsSnapshot(method) || type == RepositoryMetrics.class;
      if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic() && !method.isBridge() && !callback
          && !method.getName().equals("equals") && !(type.isEnum() && method.getName().equals("valueOf"))) {
        members.add(method);
      }
    }
    members.sort(Comparator.comparing(NullArgumentsTest::describe));
    return members;
  }

  /** The abstract method of a functional interface, or an overload of it. */
  private static boolean isCallback(Class<?> type, Method method) {
    for (Method declared : type.getDeclaredMethods()) {
      if (Modifier.isAbstract(declared.getModifiers()) && declared.getName().equals(method.getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A backend's raw {@link io.prolly.spi.support.Snapshot} is called by SnapshotReadTransaction with
   * arguments that transaction has already checked; its contract says so.
   */
  private static boolean implementsSnapshot(Method method) {
    if (!io.prolly.spi.support.Snapshot.class.isAssignableFrom(method.getDeclaringClass())) {
      return false;
    }
    try {
      io.prolly.spi.support.Snapshot.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static boolean isNullable(Executable member, int index) {
    Class<?> type = member.getDeclaringClass();
    if (member instanceof Constructor<?> && type.isRecord() && type.getRecordComponents().length == member.getParameterCount()
        && type.getRecordComponents()[index].getAnnotatedType().isAnnotationPresent(Nullable.class)) {
      return true;
    }
    return member.getAnnotatedParameterTypes()[index].isAnnotationPresent(Nullable.class)
        || member.getParameters()[index].isAnnotationPresent(Nullable.class);
  }

  private static String describe(Executable member) {
    StringBuilder text = new StringBuilder(member.getDeclaringClass().getName()).append('.')
        .append(member instanceof Constructor<?> ? "<init>" : member.getName()).append('(');
    Class<?>[] types = member.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
    }
    return text.append(')').toString();
  }

  // ---- Receivers and arguments ----

  private Repository repository() {
    Repository repository = Prolly.inMemory();
    opened.add(repository);
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("k", "v");
    store.commit("first");
    return repository;
  }

  private static BackendProvider memoryProvider() {
    return Backends.discover().provider("memory");
  }

  private NodeStore nodeStore() {
    NodeStore store = memoryProvider().open(StoreConfig.parse("memory:"));
    opened.add(store);
    return store;
  }

  private Object receiver(Class<?> type) {
    Map<Class<?>, Supplier<Object>> receivers = new java.util.LinkedHashMap<>();
    receivers.put(Repository.class, this::repository);
    receivers.put(Store.class, () -> repository().store("main", Codecs.utf8()));
    receivers.put(LiveStore.class, () -> repository().live("live", Codecs.utf8()));
    receivers.put(Snapshot.class, () -> repository().snapshot("main", Codecs.utf8()));
    receivers.put(WritableStore.class, () -> repository().store("main", Codecs.utf8()));
    receivers.put(ReadableStore.class, () -> repository().snapshot("main", Codecs.utf8()));
    receivers.put(Maintenance.class, () -> repository().maintenance());
    receivers.put(Transfer.class, () -> repository().transfer());
    receivers.put(Codec.class, Codecs::utf8);
    receivers.put(MergeFn.class, MergeFn::ours);
    receivers.put(ConflictResolver.class, ConflictResolver::fail);
    receivers.put(io.prolly.merge.Conflict.class, () -> new io.prolly.merge.Conflict(new byte[] {1}, null, null, null));
    receivers.put(Hash.class, () -> Hash.of(new byte[] {1}));
    receivers.put(StoreConfig.class, () -> StoreConfig.parse("memory:"));
    receivers.put(StoreConfig.Builder.class, () -> StoreConfig.builder("memory"));
    receivers.put(StoreOption.class, () -> StoreConfig.DURABILITY);
    receivers.put(NodeStore.class, this::nodeStore);
    receivers.put(io.prolly.spi.ReadTransaction.class, () -> nodeStore().beginRead());
    receivers.put(io.prolly.spi.WriteTransaction.class, () -> nodeStore().beginWrite());
    receivers.put(Proof.class, () -> repository().prove("main", "", "k"));
    receivers.put(CommitInfo.class, () -> repository().commitInfo("main"));
    receivers.put(Retention.class, () -> Retention.keepLast(1));
    receivers.put(PartialState.class, () -> PartialState.COMPLETE);
    receivers.put(CloneOptions.class, () -> CloneOptions.FULL);
    receivers.put(CommitSigning.class, () -> repository().signing());
    receivers.put(CommitValidator.class, () -> (CommitValidator) change -> Verdict.accept());
    receivers.put(BranchChange.class, () -> {
      Repository repository = repository();
      BranchChange[] seen = new BranchChange[1];
      repository.addValidator("**", "capture", change -> {
        seen[0] = change;
        return Verdict.accept();
      });
      repository.createBranch("captured", "main");
      repository.removeValidator("capture");
      return seen[0];
    });
    receivers.put(Remote.class, () -> Prolly.remote(java.net.URI.create("http://127.0.0.1:1/repo")));
    receivers.put(RemoteEndpoint.class, () -> RemoteEndpoint.of(repository(), false, 1024));
    receivers.put(RemoteEndpoint.Reply.class, () -> RemoteEndpoint.of(repository(), false, 1024)
        .handle("GET", "refs", header -> "1", InputStream.nullInputStream()));
    receivers.put(RemoteLimits.class, RemoteLimits::defaults);
    receivers.put(RemoteOptions.class, RemoteOptions::defaults);
    receivers.put(Remotes.class, () -> repository().remotes());
    receivers.put(NamedRemote.class, () -> new NamedRemote("origin", java.net.URI.create("http://127.0.0.1:1/repo")));
    receivers.put(ProgressListener.class, () -> ProgressListener.NONE);
    receivers.put(RepositoryMetrics.class, () -> RepositoryMetrics.NONE);
    receivers.put(NodeCacheStats.class, () -> repository().maintenance().cacheStats());
    receivers.put(BackendProvider.class, () -> memoryProvider());
    receivers.put(io.prolly.spi.StoreStats.class, () -> nodeStore().stats());
    receivers.put(io.prolly.spi.support.ForwardingWriteTransaction.class,
        () -> new io.prolly.spi.support.ForwardingWriteTransaction(nodeStore().beginWrite()) { });
    receivers.put(io.prolly.spi.support.ForwardingReadTransaction.class,
        () -> new io.prolly.spi.support.ForwardingReadTransaction(nodeStore().beginRead()) { });
    receivers.put(io.prolly.spi.support.Changes.class,
        () -> new io.prolly.spi.support.Changes(Map.of(), Set.of(), Map.of()));
    receivers.put(io.prolly.spi.support.StoreDirectory.class,
        () -> io.prolly.spi.support.StoreDirectory.prepare(StoreConfig.builder("memory").location(directory.resolve("d")
            .toString()).build(), "test"));
    receivers.put(io.prolly.merge.MergeResult.class, () -> {
      Repository repository = repository();
      repository.createBranch("side", "main");
      Store<String> side = repository.store("side", Codecs.utf8());
      side.set("s", "1");
      side.commit("side");
      return repository.merge("side", "main");
    });
    for (Map.Entry<Class<?>, Supplier<Object>> entry : receivers.entrySet()) {
      if (type.isAssignableFrom(entry.getKey()) || entry.getKey().isAssignableFrom(type)) {
        Object receiver = entry.getValue().get();
        if (type.isInstance(receiver)) {
          return receiver;
        }
      }
    }
    throw new AssertionError("no sample receiver of " + type.getName() + "; add one to NullArgumentsTest");
  }

  private Object sample(Class<?> type) {
    if (type == String.class || type == CharSequence.class || type == Object.class) {
      return "main";
    }
    if (type == int.class || type == long.class || type == short.class) {
      return type == int.class ? (Object) 1 : type == long.class ? (Object) 1L : (Object) (short) 1;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == byte[].class) {
      return new byte[] {1, 2, 3};
    }
    if (type.isArray()) {
      return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type == Class.class) {
      return Durability.class;
    }
    if (type == Enum.class) {
      return Durability.IMMEDIATE;
    }
    if (type == java.net.URI.class) {
      return java.net.URI.create("http://127.0.0.1:1/repo");
    }
    if (type == java.util.function.Function.class) {
      return (java.util.function.Function<String, String>) header -> "1";
    }
    if (type == Path.class) {
      return directory.resolve("sample");
    }
    if (type == Duration.class) {
      return Duration.ofSeconds(1);
    }
    if (type == javax.net.ssl.SSLContext.class) {
      try {
        return javax.net.ssl.SSLContext.getDefault();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    if (type == Instant.class) {
      return Instant.now();
    }
    if (type == InputStream.class) {
      return new ByteArrayInputStream(new byte[0]);
    }
    if (type == OutputStream.class) {
      return new ByteArrayOutputStream();
    }
    if (type == List.class || type == Collection.class || type == Iterable.class) {
      return List.of();
    }
    if (type == java.util.Iterator.class) {
      return List.of().iterator();
    }
    if (type == Set.class) {
      return Set.of();
    }
    if (type == java.util.SortedSet.class) {
      return new TreeSet<>();
    }
    if (type == Map.class) {
      return Map.of();
    }
    if (type == SortedMap.class || type == java.util.NavigableMap.class) {
      return new TreeMap<>();
    }
    if (type == Repository.class) {
      Repository other = Prolly.inMemory();
      opened.add(other);
      return other;
    }
    if (type == java.security.KeyPair.class) {
      return CommitSigning.newKeyPair();
    }
    if (type == java.security.PublicKey.class) {
      return CommitSigning.newKeyPair().getPublic();
    }
    if (type == Throwable.class || type == Exception.class) {
      return new java.io.IOException("sample");
    }
    if (type == ProllyException.class) {
      return new ProllyException("sample");
    }
    if (type.isAnnotationPresent(FunctionalInterface.class) && type.getPackageName().startsWith("java.")) {
      return functional(type);
    }
    return receiver(type);
  }

  /** A JDK functional interface that does nothing and answers with an empty value. */
  private static Object functional(Class<?> type) {
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      Class<?> returns = method.getReturnType();
      if (method.getName().equals("toString")) {
        return type.getSimpleName() + " sample";
      }
      return returns == boolean.class ? false : returns.isPrimitive() && returns != void.class ? 0 : null;
    });
  }
}
