package io.prolly.backend.cassandra;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import io.prolly.spi.support.Arguments;
import java.util.List;

/**
 * Opens {@code cassandra:} stores: a repository kept in an Apache Cassandra cluster that any number
 * of processes share, for example
 * {@code cassandra://db1.example.com,db2.example.com:9042/app?localDatacenter=dc1&store=main}. The
 * location names the contact points, optionally with {@code user:password@} before them, and the
 * keyspace after them; {@link #STORE} names the store inside the keyspace, so one keyspace holds
 * many.
 *
 * <p>The keyspace (if absent) and the tables are created on first open. Every commit is one
 * conditional batch (a lightweight transaction) on the store's own partition, so commits of every
 * process are atomic and compare-and-set against each other, and read transactions are exact
 * snapshots; see {@code docs/backend-cassandra.md}. {@link NodeStore#compact()} removes the rows no
 * open snapshot of any process needs any more, behind the snapshot leases of {@link #LEASE_SECONDS}.
 * Durability is Cassandra's: replication and the
 * nodes' commit log settings decide it, whatever {@code durability} says.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; thread-safe. Stores of the same cluster and
 * credentials share one driver session.
 */
public final class CassandraBackendProvider implements BackendProvider {

  /** The name of the store inside the keyspace. */
  public static final StoreOption<String> STORE = StoreOption.ofString(
      "store", "default", "the name of the store inside the keyspace; default 'default'");

  /** The datacentre whose nodes this process sends its requests to. */
  public static final StoreOption<String> LOCAL_DATACENTER = StoreOption.ofString(
      "localDatacenter", "datacenter1", "the datacentre of the nodes this process talks to; default datacenter1");

  /** The consistency levels of reads and writes. */
  public static final StoreOption<Consistency> CONSISTENCY = StoreOption.ofEnum("consistency", Consistency.class,
      Consistency.QUORUM, "quorum (QUORUM and SERIAL, any number of datacentres) or local (LOCAL_QUORUM and"
          + " LOCAL_SERIAL, one datacentre); default quorum");

  /** The user name; empty for none. */
  public static final StoreOption<String> USER = StoreOption.ofString("user", "", "the user name, if the cluster"
      + " authenticates");

  /** The password; empty for none. */
  public static final StoreOption<String> PASSWORD = StoreOption.ofString("password", "", "the password");

  /** The replication factor of the keyspace, if the store has to create it. */
  public static final StoreOption<Long> REPLICATION_FACTOR = StoreOption.ofLong("replicationFactor", 3,
      "replication factor (SimpleStrategy) of the keyspace when the store creates it; default 3");

  /**
   * How many partitions hold a store's nodes, fixed when the store is created: more spread a large
   * store over more nodes of the cluster, fewer make a full listing of the nodes (garbage
   * collection, verification) cheaper.
   */
  public static final StoreOption<Long> NODE_BUCKETS = StoreOption.ofLong("nodeBuckets", 64,
      "partitions holding the store's nodes, fixed when the store is created (1 to 65536); default 64");

  /**
   * How long, in seconds, a snapshot lease lives without renewal. A store renews its lease in the
   * background while transactions are open; a transaction whose lease lapses (the process paused
   * for more than half of it) fails its next read with {@link SnapshotLapsedException}. Compaction
   * keeps every version that a live lease needs.
   */
  public static final StoreOption<Long> LEASE_SECONDS = StoreOption.ofLong("leaseSeconds", 60,
      "seconds a snapshot lease lives without renewal (4 to 86400); default 60");

  /**
   * How old, in seconds, the rows of a transaction without a commit record must be before
   * compaction removes them. A commit whose rows are older than that when it would apply writes
   * them again instead, so a commit still in flight never loses its rows.
   */
  public static final StoreOption<Long> UNCOMMITTED_AGE_SECONDS = StoreOption.ofLong("uncommittedAgeSeconds", 3600,
      "seconds before compaction removes rows of transactions that did not commit (at least 1); default 3600");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public CassandraBackendProvider() {}

  @Override
  public String scheme() {
    return "cassandra";
  }

  @Override
  public String description() {
    return "Apache Cassandra cluster shared by several processes (artifact io.prolly:prolly-backend-cassandra)";
  }

  @Override
  public List<StoreOption<?>> options() {
    return List.of(STORE, LOCAL_DATACENTER, CONSISTENCY, USER, PASSWORD, REPLICATION_FACTOR, NODE_BUCKETS,
        LEASE_SECONDS, UNCOMMITTED_AGE_SECONDS);
  }

  /**
   * Connects to the cluster, creating the keyspace, the tables and the store if they are missing.
   *
   * @throws IllegalArgumentException if the configuration is null, the location is malformed or an
   *     option is bad
   * @throws CassandraStoreException if the cluster cannot be reached or refuses to create the schema
   * @throws io.prolly.error.ProllyException if the tables were made by a newer version of Prolly
   */
  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    if (!config.scheme().equals(scheme())) {
      throw new IllegalArgumentException("the cassandra backend opens 'cassandra:' stores, not '"
          + config.redacted() + "'");
    }
    long buckets = config.get(NODE_BUCKETS);
    if (buckets < 1 || buckets > 65_536) {
      throw new IllegalArgumentException("nodeBuckets " + buckets + " in '" + config.redacted()
          + "' must be between 1 and 65536");
    }
    long lease = config.get(LEASE_SECONDS);
    if (lease < 4 || lease > 86_400) {
      throw new IllegalArgumentException("leaseSeconds " + lease + " in '" + config.redacted()
          + "' must be between 4 and 86400");
    }
    long age = config.get(UNCOMMITTED_AGE_SECONDS);
    if (age < 1) {
      throw new IllegalArgumentException("uncommittedAgeSeconds " + age + " in '" + config.redacted()
          + "' must be at least 1");
    }
    return CassandraNodeStore.open(config, CassandraSettings.of(config));
  }
}
