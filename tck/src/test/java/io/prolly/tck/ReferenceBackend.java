package io.prolly.tck;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Arguments;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.RefMapSnapshot;
import io.prolly.spi.support.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The simplest backend that keeps the contract: the whole state is copied on every commit. It
 * "persists" by parking its state in a static map at close, keyed by location. Each
 * {@link Flaw} breaks one rule, to prove that the TCK notices; the flaws sit where a backend's
 * own code would be (its snapshot, its commit of {@link Changes}, its figures, its close) or, for
 * the few a store built on {@link AbstractNodeStore} cannot have, in {@link FlawedHandles}.
 */
public final class ReferenceBackend implements BackendProvider {

  /** One deliberate violation of the contract, each a bug a backend author could write. */
  enum Flaw {
    NONE,

    // ---- ref compare-and-set ----
    /** Commits without checking ref expectations: concurrent increments get lost. */
    IGNORES_CAS,
    /** Checks the expectation of the first ref of a commit only; the others move blindly. */
    CHECKS_ONLY_THE_FIRST_REF,
    /** Checks and applies the refs one by one, so a failing second ref leaves the first moved. */
    APPLIES_REFS_WHILE_CHECKING_THEM,
    /** Treats setRef(name, v, v) as a no-op at commit instead of an assertion of v. */
    SKIPS_THE_CHECK_OF_A_REF_SET_TO_ITS_OWN_VALUE,
    /** Creates refs (expected absent) without checking that they are still absent. */
    CREATES_REFS_WITHOUT_CHECKING_THEY_ARE_ABSENT,
    /** Deletes refs without checking their expected value. */
    DELETES_REFS_WITHOUT_CHECKING_THEM,
    /** Fails a commit whose ref moved without saying what the ref holds now. */
    DOES_NOT_SAY_WHAT_A_MOVED_REF_HOLDS,

    // ---- atomicity ----
    /** Writes the nodes of a conflicting transaction before failing it: not atomic. */
    WRITES_NODES_BEFORE_CAS_CHECK,
    /** Deletes the nodes of a conflicting transaction before failing it. */
    DELETES_NODES_BEFORE_CAS_CHECK,
    /** Commits puts and refs but forgets the transaction's node deletes. */
    IGNORES_NODE_DELETES,
    /** A ref change to absent leaves the ref where it was. */
    IGNORES_REF_DELETES,
    /** Keeps one write batch for every commit and does not clear it when a commit fails. */
    REUSES_THE_WRITE_BATCH_OF_A_FAILED_COMMIT,
    /** Logs a commit's nodes before its ref check; replaying the log at open revives them. */
    REPLAYS_THE_NODES_OF_FAILED_COMMITS_AT_OPEN,
    /** A write transaction closed without commit commits instead of rolling back. */
    CLOSE_WITHOUT_COMMIT_COMMITS,

    // ---- isolation ----
    /** Reads the latest committed state instead of the transaction's snapshot. */
    READS_LATEST_INSTEAD_OF_SNAPSHOT,
    /** Deletes nodes in place, from the map that older snapshots still read. */
    DELETES_NODES_UNDER_OPEN_SNAPSHOTS,
    /** Lists refs(prefix) from the prefix to the end, including names that merely sort after it. */
    LISTS_REFS_PAST_THE_PREFIX,
    /** Starts refs(prefix) after the prefix, losing the ref named exactly the prefix. */
    LISTS_REFS_AFTER_THE_PREFIX_EXCLUSIVELY,
    /** Lists refs in reverse name order. */
    LISTS_REFS_IN_REVERSE_ORDER,
    /** ref(name) reads the value another transaction has staged but not committed. */
    READS_REFS_STAGED_BY_OTHER_TRANSACTIONS,
    /** refs(prefix) in a write transaction lists the committed refs, without its own changes. */
    LISTS_REFS_WITHOUT_OWN_CHANGES,

    // ---- durability ----
    /** Claims persistence, but a reopened store is empty. */
    FORGETS_DATA_ON_REOPEN,
    /** Persists nodes but not refs. */
    FORGETS_REFS_ON_REOPEN,
    /** Does not flush the last commit at close. */
    LOSES_THE_LAST_COMMIT_AT_CLOSE,
    /** Persists puts but not deletes: deleted nodes are back after reopen. */
    FORGETS_DELETES_ON_REOPEN,
    /** With durability NONE, does not sync at close either. */
    SKIPS_THE_SYNC_AT_CLOSE_WITHOUT_DURABILITY,
    /** Commits the open write transactions at close instead of rolling them back. */
    COMMITS_OPEN_TRANSACTIONS_AT_CLOSE,

    // ---- stats and forEachNode ----
    /** Does not subtract deleted nodes from its byte count. */
    MISCOUNTS_DELETED_BYTES,
    /** Does not subtract deleted nodes from its node count. */
    MISCOUNTS_DELETED_NODES,
    /** Counts a put of a node it already holds as a new node. */
    COUNTS_AN_EXISTING_NODE_AGAIN,
    /** Does not subtract deleted refs from its ref count. */
    MISCOUNTS_DELETED_REFS,
    /** Reports only the bytes of the nodes as storageBytes: zero for empty nodes and refs. */
    COUNTS_ONLY_NODE_BYTES_AS_STORAGE,
    /** forEachNode stops one short of the end. */
    FOR_EACH_NODE_SKIPS_THE_LAST_NODE,
    /** forEachNode pages through the nodes and starts each page at the last id of the previous one. */
    FOR_EACH_NODE_REPEATS_PAGE_BOUNDARIES,
    /** contains answers from every id ever stored, deleted ones included. */
    CONTAINS_REMEMBERS_DELETED_NODES,

    // ---- limits ----
    /** Loses empty nodes: get returns null for a node of 0 bytes. */
    LOSES_EMPTY_NODES,
    /** Refuses a node of exactly the maximum size (&gt;= instead of &gt;) at commit. */
    REFUSES_A_NODE_OF_THE_MAXIMUM_SIZE,
    /** Keys refs by their first 511 UTF-8 bytes, as an engine with a short key limit would. */
    TRUNCATES_LONG_REF_NAMES,
    /** Keys refs without regard to case, as a case-insensitive file system would. */
    IGNORES_THE_CASE_OF_REF_NAMES,

    // ---- lifecycle ----
    /** A second close throws. */
    CLOSE_IS_NOT_IDEMPOTENT,
    /** stats() answers from figures it keeps up to date at every commit, also after close. */
    ANSWERS_STATS_AFTER_CLOSE,

    // ---- compaction ----
    /** compact() rewrites the committed state and leaves out its first node. */
    COMPACTION_DROPS_A_NODE
  }

  private static final Map<String, State> PARKED = new ConcurrentHashMap<>();

  private final Flaw flaw;

  /** The flawless variant, as {@link java.util.ServiceLoader} creates it. */
  public ReferenceBackend() {
    this(Flaw.NONE);
  }

  ReferenceBackend(Flaw flaw) {
    this.flaw = flaw;
  }

  @Override
  public String scheme() {
    return "reference";
  }

  @Override
  public String description() {
    return "copy-on-commit reference backend of the TCK's self-test, flaw " + flaw;
  }

  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    State parked = PARKED.remove(config.location());
    Store store = new Store(config, flaw, parked == null || flaw == Flaw.FORGETS_DATA_ON_REOPEN ? State.EMPTY : parked);
    return FlawedHandles.wrap(store, flaw, store.dirtyRefs);
  }

  private static final class Store extends AbstractNodeStore {
    private final Flaw flaw;
    private volatile State state;
    private State previous = State.EMPTY;
    /** The write batch of REUSES_THE_WRITE_BATCH_OF_A_FAILED_COMMIT. */
    private final Map<Hash, byte[]> batch = new HashMap<>();
    /** The revived nodes of REPLAYS_THE_NODES_OF_FAILED_COMMITS_AT_OPEN and FORGETS_DELETES_ON_REOPEN. */
    private final Map<Hash, byte[]> replayed = new HashMap<>();
    /** Every id ever stored, for CONTAINS_REMEMBERS_DELETED_NODES. */
    private final Set<Hash> everStored = ConcurrentHashMap.newKeySet();
    /** Refs staged by open transactions, for READS_REFS_STAGED_BY_OTHER_TRANSACTIONS. */
    final Map<String, Hash> dirtyRefs = new ConcurrentHashMap<>();

    Store(StoreConfig config, Flaw flaw, State initial) {
      super(config);
      this.flaw = flaw;
      this.state = initial;
      everStored.addAll(initial.nodes.keySet());
    }

    @Override
    protected Snapshot openSnapshot() {
      Snapshot snapshot = flaw == Flaw.READS_LATEST_INSTEAD_OF_SNAPSHOT ? new LatestView(this) : state;
      return new FlawedView(snapshot, this);
    }

    @Override
    protected synchronized void apply(Changes changes) {
      for (byte[] node : changes.puts().values()) {
        if (flaw == Flaw.REFUSES_A_NODE_OF_THE_MAXIMUM_SIZE && node.length >= NodeStore.MAX_NODE_SIZE) {
          throw new IllegalArgumentException("node of " + node.length + " bytes is too large");
        }
      }
      Map<Hash, byte[]> nodes = new HashMap<>(state.nodes);
      long bytes = state.nodeBytes;
      long nodeCount = state.nodeCount;
      if (flaw == Flaw.WRITES_NODES_BEFORE_CAS_CHECK || flaw == Flaw.DELETES_NODES_BEFORE_CAS_CHECK) {
        if (flaw == Flaw.WRITES_NODES_BEFORE_CAS_CHECK) {
          changes.puts().forEach(nodes::putIfAbsent);
        } else {
          changes.deletes().forEach(nodes::remove);
        }
        state = State.of(nodes, state.refs);
        nodes = new HashMap<>(nodes);
        bytes = state.nodeBytes;
        nodeCount = state.nodeCount;
      }
      if (flaw == Flaw.REUSES_THE_WRITE_BATCH_OF_A_FAILED_COMMIT) {
        batch.putAll(changes.puts());
      }
      try {
        checkRefs(changes);
      } catch (ConcurrencyException lostRace) {
        if (flaw == Flaw.REPLAYS_THE_NODES_OF_FAILED_COMMITS_AT_OPEN) {
          replayed.putAll(changes.puts());
        }
        throw lostRace;
      }
      Map<Hash, byte[]> puts = changes.puts();
      if (flaw == Flaw.REUSES_THE_WRITE_BATCH_OF_A_FAILED_COMMIT) {
        puts = new HashMap<>(batch);
        batch.clear();
      }
      for (Map.Entry<Hash, byte[]> put : puts.entrySet()) {
        if (flaw == Flaw.LOSES_EMPTY_NODES && put.getValue().length == 0) {
          continue;
        }
        everStored.add(put.getKey());
        if (nodes.putIfAbsent(put.getKey(), put.getValue()) == null || flaw == Flaw.COUNTS_AN_EXISTING_NODE_AGAIN) {
          bytes += put.getValue().length;
          nodeCount++;
        }
      }
      if (flaw != Flaw.IGNORES_NODE_DELETES) {
        for (Hash id : changes.deletes()) {
          byte[] old = nodes.remove(id);
          if (old != null) {
            if (flaw == Flaw.DELETES_NODES_UNDER_OPEN_SNAPSHOTS) {
              state.mutableNodes.remove(id);
            }
            if (flaw == Flaw.FORGETS_DELETES_ON_REOPEN) {
              replayed.put(id, old);
            }
            if (flaw != Flaw.MISCOUNTS_DELETED_BYTES) {
              bytes -= old.length;
            }
            if (flaw != Flaw.MISCOUNTS_DELETED_NODES) {
              nodeCount--;
            }
          }
        }
      }
      NavigableMap<String, Hash> refs = flaw == Flaw.IGNORES_THE_CASE_OF_REF_NAMES
          ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER)
          : new TreeMap<>();
      refs.putAll(state.refs);
      long refCount = state.refCount;
      for (Map.Entry<String, RefChange> change : changes.refs().entrySet()) {
        String name = flaw == Flaw.TRUNCATES_LONG_REF_NAMES ? truncate(change.getKey(), 511) : change.getKey();
        refCount += apply(refs, name, change.getValue().value());
      }
      previous = state;
      state = new State(nodes, refs, bytes, nodeCount, refCount);
    }

    /** Sets or removes one ref; returns the change in the ref count. */
    private int apply(NavigableMap<String, Hash> refs, String name, @Nullable Hash value) {
      if (value != null) {
        return refs.put(name, value) == null ? 1 : 0;
      }
      if (flaw == Flaw.IGNORES_REF_DELETES) {
        return 0;
      }
      return refs.remove(name) == null || flaw == Flaw.MISCOUNTS_DELETED_REFS ? 0 : -1;
    }

    /** What {@link Changes#checkRefs} does, with the flaws a hand-written check can have. */
    private void checkRefs(Changes changes) {
      if (flaw == Flaw.IGNORES_CAS) {
        return;
      }
      boolean first = true;
      for (Map.Entry<String, RefChange> entry : changes.refs().entrySet()) {
        RefChange change = entry.getValue();
        boolean skip = (flaw == Flaw.CHECKS_ONLY_THE_FIRST_REF && !first)
            || (flaw == Flaw.SKIPS_THE_CHECK_OF_A_REF_SET_TO_ITS_OWN_VALUE
                && Objects.equals(change.expected(), change.value()))
            || (flaw == Flaw.CREATES_REFS_WITHOUT_CHECKING_THEY_ARE_ABSENT && change.expected() == null)
            || (flaw == Flaw.DELETES_REFS_WITHOUT_CHECKING_THEM && change.value() == null);
        first = false;
        Hash actual = state.refs.get(entry.getKey());
        if (!skip && !Objects.equals(actual, change.expected())) {
          throw new ConcurrencyException("ref '" + entry.getKey() + "' was changed by another transaction"
              + (flaw == Flaw.DOES_NOT_SAY_WHAT_A_MOVED_REF_HOLDS ? "" : "; it is " + (actual == null ? "absent" : actual)));
        }
        if (flaw == Flaw.APPLIES_REFS_WHILE_CHECKING_THEM) {
          NavigableMap<String, Hash> refs = new TreeMap<>(state.refs);
          int delta = apply(refs, entry.getKey(), change.value());
          state = new State(new HashMap<>(state.nodes), refs, state.nodeBytes, state.nodeCount, state.refCount + delta);
        }
      }
    }

    @Override
    protected synchronized void compactStorage() {
      // The state is copied on every commit, so there is never garbage to give back.
      if (flaw == Flaw.COMPACTION_DROPS_A_NODE && !state.nodes.isEmpty()) {
        Map<Hash, byte[]> nodes = new HashMap<>(state.nodes);
        nodes.remove(nodes.keySet().iterator().next());
        state = State.of(nodes, new TreeMap<>(state.refs));
      }
    }

    @Override
    protected StoreStats computeStats() {
      State current = state;
      // Every entry takes some room besides its bytes, as in any real store.
      long storage = flaw == Flaw.COUNTS_ONLY_NODE_BYTES_AS_STORAGE
          ? current.nodeBytes
          : current.nodeBytes + 32 * (current.nodeCount + current.refCount);
      return StoreStats.of(current.nodeCount, current.nodeBytes, current.refCount, storage);
    }

    @Override
    protected void closeStorage() {
      State parked = state;
      switch (flaw) {
        case FORGETS_REFS_ON_REOPEN:
          parked = State.of(new HashMap<>(state.nodes), new TreeMap<>());
          break;
        case LOSES_THE_LAST_COMMIT_AT_CLOSE:
          parked = previous;
          break;
        case REPLAYS_THE_NODES_OF_FAILED_COMMITS_AT_OPEN:
        case FORGETS_DELETES_ON_REOPEN:
          Map<Hash, byte[]> nodes = new HashMap<>(replayed);
          nodes.putAll(state.nodes);
          parked = State.of(nodes, new TreeMap<>(state.refs));
          break;
        case SKIPS_THE_SYNC_AT_CLOSE_WITHOUT_DURABILITY:
          if (config().durability() == Durability.NONE) {
            return;
          }
          break;
        default:
          break;
      }
      PARKED.put(config().location(), parked);
    }

    private static String truncate(String name, int maxBytes) {
      StringBuilder kept = new StringBuilder();
      int bytes = 0;
      for (int i = 0; i < name.length(); i = name.offsetByCodePoints(i, 1)) {
        String next = new String(Character.toChars(name.codePointAt(i)));
        bytes += next.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
          break;
        }
        kept.append(next);
      }
      return kept.toString();
    }
  }

  /** An immutable committed state; its own snapshot. */
  private static final class State extends RefMapSnapshot {
    static final State EMPTY = new State(new HashMap<>(), new TreeMap<>(), 0, 0, 0);

    /** The map behind {@link #nodes}, which only DELETES_NODES_UNDER_OPEN_SNAPSHOTS touches. */
    final Map<Hash, byte[]> mutableNodes;
    final Map<Hash, byte[]> nodes;
    final NavigableMap<String, Hash> refs;
    final long nodeBytes;
    final long nodeCount;
    final long refCount;

    State(Map<Hash, byte[]> nodes, NavigableMap<String, Hash> refs, long nodeBytes, long nodeCount, long refCount) {
      super(Collections.unmodifiableNavigableMap(refs));
      this.mutableNodes = nodes;
      this.nodes = Collections.unmodifiableMap(nodes);
      this.refs = Collections.unmodifiableNavigableMap(refs);
      this.nodeBytes = nodeBytes;
      this.nodeCount = nodeCount;
      this.refCount = refCount;
    }

    /** A state with exact figures. */
    static State of(Map<Hash, byte[]> nodes, NavigableMap<String, Hash> refs) {
      long bytes = nodes.values().stream().mapToLong(node -> node.length).sum();
      return new State(nodes, refs, bytes, nodes.size(), refs.size());
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return nodes.get(id);
    }

    @Override
    public boolean contains(Hash id) {
      return nodes.containsKey(id);
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      Set.copyOf(nodes.keySet()).forEach(action);
    }

    @Override
    public void close() {}
  }

  /** A snapshot with the read flaws of a hand-written ref listing, node scan or lookup. */
  private static final class FlawedView implements Snapshot {
    private static final int PAGE = 8;

    private final Snapshot snapshot;
    private final Store store;

    FlawedView(Snapshot snapshot, Store store) {
      this.snapshot = snapshot;
      this.store = store;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return snapshot.get(id);
    }

    @Override
    public boolean contains(Hash id) {
      return store.flaw == Flaw.CONTAINS_REMEMBERS_DELETED_NODES ? store.everStored.contains(id) : snapshot.contains(id);
    }

    @Override
    public @Nullable Hash ref(String name) {
      if (store.flaw == Flaw.READS_REFS_STAGED_BY_OTHER_TRANSACTIONS && store.dirtyRefs.containsKey(name)) {
        return store.dirtyRefs.get(name);
      }
      return snapshot.ref(name);
    }

    @Override
    public SortedMap<String, Hash> refs(String prefix) {
      switch (store.flaw) {
        case LISTS_REFS_PAST_THE_PREFIX:
          return Collections.unmodifiableSortedMap(new TreeMap<>(snapshot.refs("").tailMap(prefix)));
        case LISTS_REFS_AFTER_THE_PREFIX_EXCLUSIVELY:
          TreeMap<String, Hash> after = new TreeMap<>(snapshot.refs(prefix));
          after.remove(prefix);
          return Collections.unmodifiableSortedMap(after);
        case LISTS_REFS_IN_REVERSE_ORDER:
          TreeMap<String, Hash> reversed = new TreeMap<>(Collections.reverseOrder());
          reversed.putAll(snapshot.refs(prefix));
          return Collections.unmodifiableSortedMap(reversed);
        default:
          return snapshot.refs(prefix);
      }
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      if (store.flaw != Flaw.FOR_EACH_NODE_SKIPS_THE_LAST_NODE && store.flaw != Flaw.FOR_EACH_NODE_REPEATS_PAGE_BOUNDARIES) {
        snapshot.forEachNode(action);
        return;
      }
      List<Hash> ids = new ArrayList<>();
      snapshot.forEachNode(ids::add);
      ids.sort(null);
      if (store.flaw == Flaw.FOR_EACH_NODE_SKIPS_THE_LAST_NODE) {
        ids.subList(0, Math.max(0, ids.size() - 1)).forEach(action);
        return;
      }
      // Each page starts at the last id of the one before, inclusive: page boundaries come twice.
      for (int start = 0; start < ids.size(); start += PAGE - 1) {
        ids.subList(start, Math.min(ids.size(), start + PAGE)).forEach(action);
        if (start + PAGE >= ids.size()) {
          break;
        }
      }
    }

    @Override
    public void close() {
      snapshot.close();
    }
  }

  /** The flawed "snapshot" that follows every commit. */
  private static final class LatestView implements Snapshot {
    private final Store store;

    LatestView(Store store) {
      this.store = store;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return store.state.get(id);
    }

    @Override
    public boolean contains(Hash id) {
      return store.state.contains(id);
    }

    @Override
    public @Nullable Hash ref(String name) {
      return store.state.ref(name);
    }

    @Override
    public SortedMap<String, Hash> refs(String prefix) {
      return store.state.refs(prefix);
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      store.state.forEachNode(action);
    }

    @Override
    public void close() {}
  }
}
