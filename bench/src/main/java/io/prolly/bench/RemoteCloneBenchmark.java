package io.prolly.bench;

import io.prolly.Prolly;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import io.prolly.server.ProllyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A clone over the loopback address of a repository of {@code size} keys (16-byte keys, 100-byte
 * values) in the file backend, served by {@link ProllyServer} in this JVM, into a new repository
 * of the {@code target} backend; against {@code cp -r} of the served store's files in the same
 * run. Each invocation clones into (or copies to) a new location, deleted after it. At the start
 * it prints the store's size on disk, the node bytes a clone moves and the size of a cloned file
 * store: MB/s is either over the time measured.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class RemoteCloneBenchmark {

  @Param("1000000")
  public int size;

  /** Where the clone goes: {@code file} (a store on disk, like the copy) or {@code memory}. */
  @Param({"file", "memory"})
  public String target;

  private ScratchDirectory scratch;
  private Path store;
  private Repository served;
  private ProllyServer server;
  private Remote remote;
  private Path destination;
  private Repository clone;
  private int invocation;

  @Setup(Level.Trial)
  public void load() throws IOException {
    scratch = new ScratchDirectory("prolly-remote-clone");
    store = scratch.path.resolve("served.prolly");
    served = Prolly.open(store);
    RepositoryBenchmark.loadMain(served, size);
    server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).serve("repo", served).start();
    remote = Prolly.remote(URI.create("http://127.0.0.1:" + server.port() + "/repo"));
    Path probeStore = scratch.path.resolve("probe.prolly");
    SyncReport report;
    try (Repository probe = Prolly.open(probeStore)) {
      report = probe.transfer().cloneFrom(remote);
    }
    System.out.printf("%nstore on disk: %,d bytes; a clone moves %,d nodes of %,d bytes into a file store of %,d "
        + "bytes%n", bytesOnDisk(store), report.nodesTransferred(), report.bytesTransferred(), bytesOnDisk(probeStore));
  }

  @Setup(Level.Invocation)
  public void newDestination() {
    destination = scratch.path.resolve("copy-" + invocation++);
  }

  @TearDown(Level.Invocation)
  public void dropDestination() throws IOException, InterruptedException {
    if (clone != null) {
      clone.close();
      clone = null;
    }
    if (Files.exists(destination)) {
      new ProcessBuilder("rm", "-rf", destination.toString()).inheritIO().start().waitFor(1, TimeUnit.MINUTES);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    server.close();
    served.close();
    scratch.close();
  }

  /** Clones the served repository over HTTP into a new repository. */
  @Benchmark
  public SyncReport cloneOverLoopback() {
    clone = target.equals("file") ? Prolly.open(destination.resolve("clone.prolly")) : Prolly.inMemory();
    return clone.transfer().cloneFrom(remote);
  }

  /** Copies the served store's files with {@code cp -r}: the floor a clone is measured against. */
  @Benchmark
  public int copyStoreFiles() throws IOException, InterruptedException {
    Files.createDirectories(destination);
    Process cp = new ProcessBuilder("cp", "-r", store.toString(), destination.toString()).inheritIO().start();
    int status = cp.waitFor();
    if (status != 0) {
      throw new IllegalStateException("cp -r " + store + " " + destination + " ended with " + status);
    }
    return status;
  }

  private static long bytesOnDisk(Path path) throws IOException {
    try (var files = Files.walk(path)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }
}
