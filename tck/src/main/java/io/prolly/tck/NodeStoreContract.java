package io.prolly.tck;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.Group;

/**
 * The whole storage contract, as one class to extend. A backend's contract test is a subclass
 * that says how to open its stores, for example:
 *
 * <pre>{@code
 * class LmdbNodeStoreTest extends NodeStoreContract {
 *   public BackendProvider provider() { return new LmdbBackendProvider(); }
 *   public StoreConfig config(Path directory) { return StoreConfig.builder("lmdb").location(directory).build(); }
 *   public boolean persistent() { return true; }
 * }
 * }</pre>
 *
 * <p>Run it with any JUnit Platform runner (Maven Surefire, Gradle, an IDE); the rules are jqwik
 * properties, grouped by concern, each named after the rule it checks:
 *
 * <ul>
 *   <li>{@code Model}: random operation sequences against a model, shrunk to a minimal failure;
 *   <li>{@code Atomicity}: all or nothing, rollback, conflicting writers, and no trace of a
 *       transaction that lost a race, also after later commits and reopen;
 *   <li>{@code RefCompareAndSet}: ref moves, races on creating, deleting and moving several refs,
 *       and concurrent increments without lost updates;
 *   <li>{@code Isolation}: snapshots, read-your-writes, no half-applied commits, each node listed once;
 *   <li>{@code Persistence}: reopen at every durability level (skipped when not persistent);
 *   <li>{@code Compaction}: {@code compact()} after deletes keeps every node and ref, also for
 *       transactions open meanwhile and after reopen;
 *   <li>{@code Limits}: node sizes up to 16 MiB, 10,000 refs, Unicode and case-distinct names,
 *       invalid input;
 *   <li>{@code Lifecycle}: close, use after close, ended transactions;
 *   <li>{@code Provider}: ServiceLoader registration and options.
 * </ul>
 *
 * <p>The rules create a new directory for every try and delete it afterwards.
 */
@AddLifecycleHook(value = RuleFailureMessages.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class NodeStoreContract implements BackendFixture {

  /** For subclasses. */
  protected NodeStoreContract() {}

  @Group
  class Model extends StatefulRules {
    Model() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class Atomicity extends AtomicityRules {
    Atomicity() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class RefCompareAndSet extends RefCasRules {
    RefCompareAndSet() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class Isolation extends IsolationRules {
    Isolation() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class Persistence extends PersistenceRules {
    Persistence() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class Compaction extends CompactionRules {
    Compaction() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class Limits extends LimitsRules {
    Limits() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class Lifecycle extends LifecycleRules {
    Lifecycle() {
      super(NodeStoreContract.this);
    }
  }

  @Group
  class Provider extends ProviderRules {
    Provider() {
      super(NodeStoreContract.this);
    }
  }
}
