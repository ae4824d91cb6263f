package io.prolly.tck.repository;

import io.prolly.tck.RuleFailureMessages;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import io.prolly.tck.BackendFixture;
import net.jqwik.api.Group;

/**
 * The whole repository contract, as one class to extend. A backend's test is a subclass that
 * implements the {@link BackendFixture} hooks:
 *
 * <pre>{@code
 * class LmdbRepositoryTest extends RepositoryContract implements LmdbFixture {}
 * }</pre>
 *
 * <p>The rules, each named after what it checks:
 *
 * <ul>
 *   <li>{@code Model}: random interleavings of set, remove, commit, refresh, reset, branch and
 *       branch reset across several stores agree with a model of branches as maps after every step;
 *   <li>{@code Concurrency}: threads committing counter increments through their own stores lose
 *       no increment and no commit;
 *   <li>{@code Merging}: repository merges — fast-forward, up to date, namespaces changed on one
 *       side, delete against update, merge functions that throw, nothing written on conflict;
 *   <li>{@code Replay}: revert and cherry-pick of one commit against a model of the contents,
 *       conflicts that write nothing, merge commits refused, replays racing with commits;
 *   <li>{@code Preview}: a merge preview says what the merge then does (outcome, changes,
 *       conflicts with their values) and writes nothing;
 *   <li>{@code Validators}: commit validators judge every way a branch moves (commits, merges,
 *       fast-forwards, reverts, cherry-picks, resets, imports, received pushes), see exactly the
 *       commits and changes that would land, and a refusal writes nothing;
 *   <li>{@code Signing}: commits of a signing repository carry good signatures through storage and
 *       pushes, verify checks them, and a branch that requires signatures refuses the rest;
 *   <li>{@code History}: log, time travel, diff, history of a key, tags;
 *   <li>{@code Blame}: the commit that last changed each key, against the definition walked key by
 *       key over random histories with merges;
 *   <li>{@code BadInput}: invalid names, unknown or ambiguous revisions, nulls, oversized keys,
 *       unregistered classes, closed repositories — a clear exception and an unchanged repository;
 *   <li>{@code GarbageCollection}: exactly the unreachable nodes are deleted, also while threads
 *       commit and drop branches;
 *   <li>{@code Sync}: clone, push and pull with another repository transfer only missing nodes;
 *       a push that would drop commits is refused;
 *   <li>{@code Live}: stores without history;
 *   <li>{@code Remotes}: remotes remembered by name survive a reopen and a collection, and stay
 *       out of clones and bundles; a handle on a removed, renamed or re-pointed one is stale;
 *   <li>{@code Bundles}: export and import between backends, incremental bundles, and truncated,
 *       damaged or non-fast-forward bundles refused without changing the receiver;
 *   <li>{@code Watching}: a watch hears the commits made through another repository on the same
 *       store, found by polling the refs;
 *   <li>{@code PartialClones}: shallow clones and clones of selected namespaces record what they
 *       lack (across a reopen), fail clearly where it is needed, verify clean and deepen back to
 *       complete.
 * </ul>
 *
 * <p>Every try opens a new repository in a new directory (with {@code EVENTUAL} durability: the
 * storage contract covers durability) and deletes it afterwards.
 */
@AddLifecycleHook(value = RuleFailureMessages.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class RepositoryContract implements BackendFixture {

  /** For subclasses. */
  protected RepositoryContract() {}

  @Group
  class Model extends ModelRules {
    Model() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Concurrency extends ConcurrencyRules {
    Concurrency() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Merging extends MergeRules {
    Merging() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Replay extends ReplayRules {
    Replay() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Preview extends PreviewRules {
    Preview() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Validators extends ValidatorRules {
    Validators() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Signing extends SigningRules {
    Signing() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class History extends HistoryRules {
    History() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Blame extends BlameRules {
    Blame() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class BadInput extends BadInputRules {
    BadInput() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class GarbageCollection extends GcRules {
    GarbageCollection() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Sync extends SyncRules {
    Sync() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Live extends LiveRules {
    Live() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Remotes extends RemotesRules {
    Remotes() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Bundles extends BundleRules {
    Bundles() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class Watching extends WatchRules {
    Watching() {
      super(RepositoryContract.this);
    }
  }

  @Group
  class PartialClones extends PartialCloneRules {
    PartialClones() {
      super(RepositoryContract.this);
    }
  }
}
