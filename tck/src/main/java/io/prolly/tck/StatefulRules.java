package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import org.jspecify.annotations.Nullable;

/**
 * Random sequences of every operation, checked step by step against {@link StoreModel}; jqwik
 * shrinks a failure to a shortest sequence that still fails.
 */
abstract class StatefulRules extends ContractBase {

  StatefulRules(BackendFixture fixture) {
    super(fixture);
  }

  /**
   * Puts, putAlls, deletes, ref changes (with right and wrong expectations), commits, rollbacks,
   * reads inside the write transaction, long-lived read snapshots and (for persistent backends)
   * reopening, in any order. After every step the committed state, read in a new transaction,
   * must equal the model, and so must {@code stats()}.
   */
  @Contract(value = "A commit applies every put, delete and ref change of the transaction, or none of them; a "
      + "transaction sees one committed state plus its own changes; after close and a new open every committed "
      + "change is there; stats() gives exact node and ref counts (NodeStore).",
      catches = "a commit that forgets the transaction's node deletes, or figures that miscount deleted or re-put "
      + "nodes (self-test flaws: IGNORES_NODE_DELETES, MISCOUNTS_DELETED_NODES, COUNTS_AN_EXISTING_NODE_AGAIN, "
      + "CONTAINS_REMEMBERS_DELETED_NODES)")
  @Property(tries = 1000)
  void required_randomOperationSequencesMatchTheModel(@ForAll("sessions") ActionChain<Session> chain) {
    chain.withInvariant("committed state equals the model", Session::checkCommitted).run();
  }

  @Provide
  Arbitrary<ActionChain<Session>> sessions() {
    ActionChainArbitrary<Session> chains = ActionChain.startWith(() -> new Session(newStore()))
        .withAction(4, action(s -> true, Pools.nodeIndex(), i -> "put node #" + i, Session::put))
        .withAction(1, action(s -> true, Pools.nodeIndex().list().ofMinSize(1).ofMaxSize(5),
            l -> "putAll nodes " + l, Session::putAll))
        .withAction(2, action(s -> true, Pools.nodeIndex(), i -> "delete node #" + i, Session::delete))
        .withAction(3, action(s -> true, refChanges(), RefStep::toString, Session::setRef))
        .withAction(3, action(Session::writing, Arbitraries.just(0), x -> "commit", (s, x) -> s.commit()))
        .withAction(1, action(Session::writing, Arbitraries.of(true, false),
            close -> close ? "close write transaction" : "rollback", Session::rollback))
        .withAction(1, action(Session::writing, Arbitraries.just(0), x -> "check own writes",
            (s, x) -> s.checkPending()))
        .withAction(1, action(s -> s.snapshots.size() < 3, Arbitraries.just(0), x -> "open read snapshot",
            (s, x) -> s.openSnapshot()))
        .withAction(1, action(s -> !s.snapshots.isEmpty(), Arbitraries.just(0), x -> "check read snapshots",
            (s, x) -> s.checkSnapshots()))
        .withAction(1, action(s -> !s.snapshots.isEmpty(), Arbitraries.just(0), x -> "close oldest snapshot",
            (s, x) -> s.closeOldestSnapshot()))
        .withMaxTransformations(40);
    if (fixture().persistent()) {
      chains = chains.withAction(1, action(s -> true, Arbitraries.just(0), x -> "close and reopen the store",
          (s, x) -> s.reopen()));
    }
    return chains;
  }

  private static Arbitrary<RefStep> refChanges() {
    return Combinators.combine(Pools.refName(), Arbitraries.of(Expectation.class), Pools.refValue())
        .as(RefStep::new);
  }

  private static <T> Action.Independent<Session> action(
      Predicate<Session> when, Arbitrary<T> input, Function<T, String> describe, BiConsumer<Session, T> body) {
    return new Action.Independent<>() {
      @Override
      public boolean precondition(Session session) {
        return when.test(session);
      }

      @Override
      public Arbitrary<Transformer<Session>> transformer() {
        return input.map(value -> Transformer.mutate(describe.apply(value), session -> body.accept(session, value)));
      }
    };
  }

  /** Whether a ref change names the right expected value or a wrong one. */
  enum Expectation { RIGHT, WRONG }

  record RefStep(String name, Expectation expectation, @Nullable Hash value) {
    @Override
    public String toString() {
      return "setRef " + name + " expecting the " + expectation.name().toLowerCase() + " value -> "
          + (value == null ? "absent" : value.toShortHex());
    }
  }

  /** One store under test with its model, an optional open write transaction and held snapshots. */
  static final class Session {
    private final ContractBase.StoreHandle handle;
    private StoreModel committed = new StoreModel();
    private @Nullable WriteTransaction write;
    private StoreModel pending = committed;
    final List<HeldSnapshot> snapshots = new ArrayList<>();

    Session(ContractBase.StoreHandle handle) {
      this.handle = handle;
    }

    boolean writing() {
      return write != null;
    }

    void put(int index) {
      writer().put(Pools.NODE_IDS.get(index), Pools.NODES.get(index));
      pending.put(Pools.NODE_IDS.get(index), Pools.NODES.get(index));
    }

    void putAll(List<Integer> indexes) {
      java.util.Map<Hash, byte[]> nodes = new java.util.HashMap<>();
      indexes.forEach(i -> nodes.put(Pools.NODE_IDS.get(i), Pools.NODES.get(i)));
      writer().putAll(nodes);
      nodes.forEach(pending::put);
    }

    void delete(int index) {
      writer().delete(Pools.NODE_IDS.get(index));
      pending.delete(Pools.NODE_IDS.get(index));
    }

    void setRef(RefStep step) {
      WriteTransaction tx = writer();
      Hash current = pending.ref(step.name());
      if (step.expectation() == Expectation.RIGHT) {
        tx.setRef(step.name(), current, step.value());
        pending.setRef(step.name(), step.value());
      } else {
        Hash wrong = current == null ? Pools.NODE_IDS.get(0) : (current.equals(Pools.NODE_IDS.get(1)) ? null : Pools.NODE_IDS.get(1));
        assertThatThrownBy(() -> tx.setRef(step.name(), wrong, step.value()))
            .as("setRef with a wrong expected value must fail at once")
            .isInstanceOf(ConcurrencyException.class);
        assertThat(tx.ref(step.name())).as("a failed setRef leaves the ref as it was").isEqualTo(current);
      }
    }

    void commit() {
      Objects.requireNonNull(write).commit();
      write = null;
      committed = pending;
      pending = committed;
    }

    void rollback(boolean byClose) {
      WriteTransaction tx = Objects.requireNonNull(write);
      if (byClose) {
        tx.close();
      } else {
        tx.rollback();
      }
      write = null;
      pending = committed;
    }

    void checkPending() {
      pending.assertSeenBy(Objects.requireNonNull(write), "inside the write transaction (read-your-writes)");
    }

    void openSnapshot() {
      snapshots.add(new HeldSnapshot(handle.store.beginRead(), committed.copy()));
    }

    void checkSnapshots() {
      for (int i = 0; i < snapshots.size(); i++) {
        snapshots.get(i).model.assertSeenBy(snapshots.get(i).tx, "read snapshot #" + i + " after later commits");
      }
    }

    void closeOldestSnapshot() {
      snapshots.remove(0).tx.close();
    }

    void reopen() {
      // Closing the store rolls back the open write transaction and ends every snapshot.
      handle.reopen();
      write = null;
      pending = committed;
      snapshots.clear();
    }

    void checkCommitted() {
      committed.assertCommittedIn(handle.store, "committed state");
    }

    private WriteTransaction writer() {
      if (write == null) {
        write = handle.store.beginWrite();
        pending = committed.copy();
      }
      return write;
    }

    @Override
    public String toString() {
      return "Session" + (write == null ? "" : " (writing)") + " with " + snapshots.size() + " snapshots";
    }
  }

  record HeldSnapshot(ReadTransaction tx, StoreModel model) {}
}
