package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Driver sessions shared by the stores of one cluster and one set of credentials: a session holds
 * connection pools, threads and the cluster's metadata, and connecting takes a good part of a
 * second, so stores opened one after the other (as a repository with several stores, or tests, do)
 * should not each make their own. A session closes when the last store using it closes.
 * Thread-safe.
 */
final class SharedSessions {

  /**
   * The protocol version is pinned: with protocol V5 and Paxos v2, the driver failed to decode an
   * error frame a node sent under heavy contention on conditional batches (seen twice), while V4
   * decoded every one. V4 is also what every Cassandra from 3.0 on speaks.
   */
  static final String PROTOCOL_VERSION = "V4";

  /** Conditional batches wait for Paxos rounds under contention; the driver's 2 s is too tight. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(12);

  /**
   * How long a session no store uses stays open: a store closed and opened again at once (as a
   * repository reopened, or tests, do) finds it still connected.
   */
  static final Duration LINGER = Duration.ofSeconds(3);

  private static final Map<Key, Entry> SESSIONS = new HashMap<>();
  private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "prolly-cassandra-session-closer");
    thread.setDaemon(true);
    return thread;
  });

  private SharedSessions() {}

  /**
   * Returns the session of a cluster, connecting on first use; the caller must {@link #release} it.
   *
   * @throws CassandraStoreException if no contact point answers
   */
  static CqlSession acquire(CassandraSettings settings) {
    Key key = new Key(settings.contactPoints(), settings.localDatacenter(), settings.user(), settings.password());
    synchronized (SESSIONS) {
      Entry entry = SESSIONS.get(key);
      if (entry == null) {
        entry = new Entry(connect(settings));
        SESSIONS.put(key, entry);
      }
      entry.users++;
      if (entry.closing != null) {
        entry.closing.cancel(false);
        entry.closing = null;
      }
      return entry.session;
    }
  }

  /** Gives a session back; {@link #LINGER} after the last release, it closes. */
  static void release(CqlSession session) {
    synchronized (SESSIONS) {
      for (Map.Entry<Key, Entry> found : SESSIONS.entrySet()) {
        Entry entry = found.getValue();
        if (entry.session == session) {
          if (--entry.users == 0) {
            Key key = found.getKey();
            entry.closing = CLOSER.schedule(() -> closeIfUnused(key, entry), LINGER.toMillis(), TimeUnit.MILLISECONDS);
          }
          return;
        }
      }
    }
  }

  /**
   * Returns the checked schema of a keyspace on a session, creating or checking it on first use:
   * its prepared statements serve every store of the keyspace. Creation is serialised, since
   * concurrent {@code CREATE TABLE} statements of one process would only race each other.
   *
   * @throws io.prolly.error.ProllyException if the tables were made by a newer version of Prolly
   */
  static StoreSchema schema(CqlSession session, CassandraSettings settings) {
    synchronized (SESSIONS) {
      for (Entry entry : SESSIONS.values()) {
        if (entry.session == session) {
          StoreSchema schema = entry.schemas.get(settings.keyspace());
          if (schema == null) {
            schema = StoreSchema.createOrCheck(session, settings);
            entry.schemas.put(settings.keyspace(), schema);
          }
          return schema;
        }
      }
    }
    throw new IllegalStateException("session of store '" + settings.redacted() + "' used after its release");
  }

  private static void closeIfUnused(Key key, Entry entry) {
    synchronized (SESSIONS) {
      if (entry.users > 0 || SESSIONS.get(key) != entry) {
        return;
      }
      SESSIONS.remove(key);
    }
    // Outside the lock: closing waits for the driver's threads, and others may open sessions meanwhile.
    entry.session.closeAsync();
  }

  private static CqlSession connect(CassandraSettings settings) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.PROTOCOL_VERSION, PROTOCOL_VERSION)
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
        // Tables are used by name only: the driver need not load the schema of every keyspace.
        // It still waits for schema agreement after the store's own CREATE statements.
        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
        .build();
    CqlSessionBuilder builder = CqlSession.builder().withConfigLoader(config)
        .withLocalDatacenter(settings.localDatacenter())
        .withClassLoader(SharedSessions.class.getClassLoader());
    for (InetSocketAddress contactPoint : settings.contactPoints()) {
      builder.addContactPoint(contactPoint);
    }
    if (settings.user() != null) {
      builder.withAuthCredentials(settings.user(), settings.password() == null ? "" : settings.password());
    }
    try {
      return builder.build();
    } catch (DriverException | IllegalStateException e) {
      throw new CassandraStoreException("cannot connect to the Cassandra cluster of store '" + settings.redacted()
          + "': " + e.getMessage() + ". Check the hosts, the port, localDatacenter and the credentials", e);
    }
  }

  /** What tells two clusters apart; the password is part of it so a wrong one never reuses a session. */
  private record Key(
      List<InetSocketAddress> contactPoints, String datacenter, @Nullable String user, @Nullable String password) {
    @Override
    public String toString() {
      return "Key" + contactPoints;
    }
  }

  private static final class Entry {
    final CqlSession session;
    int users;
    @Nullable ScheduledFuture<?> closing;
    final Map<String, StoreSchema> schemas = new HashMap<>();

    Entry(CqlSession session) {
      this.session = session;
    }
  }
}
