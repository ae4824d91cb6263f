package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.SyncReport;
import io.prolly.server.ProllyServer;
import java.net.InetAddress;
import java.net.URI;
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
 * The latency of a one-key commit going from one clone to another through a server over the
 * loopback address: one clone pushes it, the other pulls it (a fast-forward). The repository has
 * {@code size} keys (16-byte keys, 100-byte values); server and clones are on the {@code backend}
 * backend, in this JVM. The commit itself is made before each measured invocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RemoteLatencyBenchmark {

  @Param("1000000")
  public int size;

  @Param({"file", "memory"})
  public String backend;

  private ScratchDirectory scratch;
  private Repository served;
  private Repository writer;
  private Repository reader;
  private ProllyServer server;
  private Remote remote;
  private Store<byte[]> store;
  private int commits;

  @Setup(Level.Trial)
  public void load() {
    scratch = new ScratchDirectory("prolly-remote-latency");
    served = open("served");
    RepositoryBenchmark.loadMain(served, size);
    server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).serve("repo", served).start();
    remote = Prolly.remote(URI.create("http://127.0.0.1:" + server.port() + "/repo"));
    writer = open("writer");
    writer.transfer().cloneFrom(remote);
    reader = open("reader");
    reader.transfer().cloneFrom(remote);
    store = writer.store("main", Codecs.bytes());
  }

  private Repository open(String name) {
    return backend.equals("memory") ? Prolly.inMemory() : Prolly.open(scratch.path.resolve(name + ".prolly"));
  }

  @Setup(Level.Invocation)
  public void commitOneKey() {
    int n = commits++;
    store.set(RepositoryBenchmark.key(n % size), RepositoryBenchmark.value(n, 1 + n / size));
    store.commit("one key " + n);
  }

  @TearDown(Level.Trial)
  public void close() {
    server.close();
    writer.close();
    reader.close();
    served.close();
    scratch.close();
  }

  /** Pushes the writer's new commit and pulls it into the reader. */
  @Benchmark
  public SyncReport pushThenPull() {
    writer.transfer().push(remote, "main");
    return reader.transfer().pull(remote, "main");
  }
}
