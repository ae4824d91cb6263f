package io.prolly.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.BundleReport;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.SyncReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A repository moves between every pair of backends, by bundle and by copy, and arrives whole. */
class BackendPairsTest {

  private static final List<String> BACKENDS = List.of("memory", "file", "lmdb", "rocksdb");

  @TempDir
  Path directory;

  static Stream<Arguments> pairs() {
    return BACKENDS.stream().flatMap(from -> BACKENDS.stream().map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} to {1}")
  @MethodSource("pairs")
  void aBundleAndACopyCarryEverythingFromOneBackendToAnother(String from, String to) {
    try (Repository source = open(from, "source");
        Repository byBundle = open(to, "bundle-target");
        Repository byCopy = open(to, "copy-target")) {
      fill(source);
      ByteArrayOutputStream bundle = new ByteArrayOutputStream();
      source.transfer().exportBundle(bundle);
      BundleReport imported = byBundle.transfer().importBundle(new ByteArrayInputStream(bundle.toByteArray()));
      assertThat(imported.updatedRefs()).hasSize(3);
      SyncReport copied = source.transfer().copyInto(byCopy);
      assertThat(copied.refsUpdated()).containsExactly("heads/dev", "heads/main", "tags/v1");
      for (Repository target : List.of(byBundle, byCopy)) {
        assertThat(target.branches()).isEqualTo(source.branches());
        assertThat(target.tags()).isEqualTo(source.tags());
        assertThat(target.maintenance().verify().problems()).isEmpty();
        for (String branch : source.branches().keySet()) {
          assertThat(contents(target, branch)).isEqualTo(contents(source, branch));
          assertThat(target.log(branch).count()).isEqualTo(source.log(branch).count());
        }
      }
    }
  }

  private Repository open(String backend, String name) {
    Path location = directory.resolve(name);
    return switch (backend) {
      case "memory" -> Prolly.inMemory();
      case "file" -> Prolly.open(location.resolveSibling(name + ".prolly"));
      default -> Prolly.open(backend + ":" + location);
    };
  }

  private static void fill(Repository repository) {
    Store<byte[]> store = repository.store("main", Codecs.bytes());
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 500; i++) {
      store.namespace(i % 2 == 0 ? "even" : "odd").set("key-" + i, bytes(random, 40));
    }
    store.set("large", bytes(random, 200_000));
    store.commit("load");
    repository.createTag("v1", "main");
    repository.createBranch("dev", "main");
    Store<byte[]> dev = repository.store("dev", Codecs.bytes());
    dev.set("dev-only", bytes(random, 10));
    dev.commit("on dev");
    store.namespace("even").remove("key-0");
    store.commit("remove one");
  }

  private static Map<String, String> contents(Repository repository, String branch) {
    Map<String, String> contents = new TreeMap<>();
    Snapshot<byte[]> snapshot = repository.snapshot(branch, Codecs.bytes());
    snapshot.entries().forEach(e -> contents.put(e.getKey(), java.util.Arrays.toString(e.getValue())));
    for (String namespace : snapshot.namespaces()) {
      snapshot.namespace(namespace).entries()
          .forEach(e -> contents.put(namespace + "/" + e.getKey(), java.util.Arrays.toString(e.getValue())));
    }
    return contents;
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
