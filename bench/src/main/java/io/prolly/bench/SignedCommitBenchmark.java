package io.prolly.bench;

import io.prolly.CommitSigning;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.Verdict;
import io.prolly.spi.Hash;
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
 * What signing and validation add to a small commit on the memory backend: one changed key of a
 * 100,000-key branch, committed plain, signed with Ed25519, checked by a validator that reads the
 * commit's diff, and signed under a policy that checks each new commit's signature.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SignedCommitBenchmark {

  /** {@code plain}, {@code signed}, {@code validated} (a diff-reading validator) or {@code required} (signed, policy on). */
  @Param({"plain", "signed", "validated", "required"})
  public String mode;

  private Repository repository;
  private Store<byte[]> main;
  private int next;

  @Setup(Level.Trial)
  public void load() {
    repository = Prolly.inMemory();
    main = RepositoryBenchmark.loadMain(repository, 100_000);
    if (!mode.equals("plain") && !mode.equals("validated")) {
      var keys = CommitSigning.newKeyPair();
      repository.signing().signWith(keys);
      repository.signing().trust("bench", keys.getPublic());
    }
    if (mode.equals("required")) {
      repository.signing().requireSignatures("main");
    }
    if (mode.equals("validated")) {
      repository.addValidator("main", "no-empty-values", change -> change.changes()
          .anyMatch(key -> key.newValue() != null && key.newValue().length == 0)
          ? Verdict.refuse("empty value") : Verdict.accept());
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    repository.close();
  }

  /** Changes one key and commits. */
  @Benchmark
  public Hash commitOneKey() {
    int i = next++ % 100_000;
    main.set(RepositoryBenchmark.key(i), RepositoryBenchmark.value(i, next));
    return main.commit("one").id();
  }
}
