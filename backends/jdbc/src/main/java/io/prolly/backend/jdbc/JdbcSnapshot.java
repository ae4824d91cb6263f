package io.prolly.backend.jdbc;

import io.prolly.spi.Hash;
import io.prolly.spi.support.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One {@code REPEATABLE READ, READ ONLY} database transaction, held open on its own connection
 * for as long as a Prolly transaction reads from it. PostgreSQL fixes the transaction's snapshot
 * at its first statement, which runs here at once, so every later read sees nodes and refs as
 * they were committed at that moment, whatever other processes commit meanwhile.
 *
 * <p>A failure inside a snapshot is not retried: the snapshot would be lost with its connection,
 * and another one would show a different state.
 *
 * <p>While open it is in its store's set of open snapshots, which {@code VACUUM FULL} must not wait
 * for when the thread that opened one compacts ({@link JdbcVacuum#FULL}).
 */
final class JdbcSnapshot implements Snapshot {

  private static final int NODE_FETCH_SIZE = 10_000;

  /** Nodes up to this size are remembered by the snapshot after a read. */
  private static final int CACHED_NODE_SIZE = 64 * 1024;
  private static final int CACHED_NODES = 256;
  /** Markers in {@link #seen}, told apart by identity: no node, and a node too big to remember. */
  private static final byte[] ABSENT = new byte[0];
  private static final byte[] LARGE = new byte[0];

  private final Connection connection;
  /**
   * What this snapshot already read: its view never changes, so a second read of a node may be
   * answered from here. Bounded, least recently used first out.
   */
  private final Map<Hash, byte[]> seen = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Hash, byte[]> eldest) {
      return size() > CACHED_NODES;
    }
  };
  private final StoreSchema schema;
  private final String store;
  private final Set<JdbcSnapshot> open;
  private final Thread opener = Thread.currentThread();
  /**
   * Whether a statement read a table: from then on the database transaction holds a lock on it
   * until it ends, which {@code VACUUM FULL} waits for.
   */
  private volatile boolean readTables;

  private JdbcSnapshot(Connection connection, StoreSchema schema, String store, Set<JdbcSnapshot> open) {
    this.connection = connection;
    this.schema = schema;
    this.store = store;
    this.open = open;
  }

  /**
   * Opens a snapshot, retrying a transient failure on a new connection.
   *
   * @param open the store's open snapshots: the new one is in it until it closes
   */
  static JdbcSnapshot open(Connections connections, StoreSchema schema, Retrier retrier, String store,
      Set<JdbcSnapshot> open) {
    JdbcSnapshot snapshot = retrier.run("begin a read transaction", () -> {
      Connection connection = connections.forSnapshot();
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT 1");
        return new JdbcSnapshot(connection, schema, store, open);
      } catch (SQLException | RuntimeException e) {
        closeQuietly(connection, e);
        throw e;
      }
    });
    open.add(snapshot);
    return snapshot;
  }

  /** Whether {@code thread} opened this snapshot and it has read a table, so it holds a table lock. */
  boolean holdsTableLocks(Thread thread) {
    return opener == thread && readTables;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    byte[] known = seen.get(id);
    if (known != null && known != LARGE) {
      return known == ABSENT ? null : known;
    }
    byte[] node = read("read a node", "SELECT data FROM " + schema.nodes + " WHERE hash = ?", id.toBytes(),
        rows -> rows.next() ? rows.getBytes(1) : null);
    seen.put(id, node == null ? ABSENT : node.length <= CACHED_NODE_SIZE ? node : LARGE);
    return node;
  }

  @Override
  public boolean contains(Hash id) {
    byte[] known = seen.get(id);
    if (known != null) {
      return known != ABSENT;
    }
    // A small node comes along, so the get() that usually follows costs no round trip.
    byte[] answer = read("read a node", "SELECT CASE WHEN octet_length(data) <= " + CACHED_NODE_SIZE
        + " THEN data ELSE NULL END FROM " + schema.nodes + " WHERE hash = ?", id.toBytes(), rows -> {
          if (!rows.next()) {
            return ABSENT;
          }
          byte[] small = rows.getBytes(1);
          return small == null ? LARGE : small;
        });
    seen.put(id, answer == null ? ABSENT : answer);
    return answer != ABSENT;
  }

  @Override
  public @Nullable Hash ref(String name) {
    return read("read a ref", "SELECT hash FROM " + schema.refs + " WHERE name = ?", name,
        rows -> rows.next() ? Hash.fromBytes(rows.getBytes(1)) : null);
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    // Names sort by code point, so the refs with a prefix are one range starting at the prefix.
    SortedMap<String, Hash> matching = read("list refs",
        "SELECT name, hash FROM " + schema.refs + " WHERE name >= ? ORDER BY name", prefix, rows -> {
          SortedMap<String, Hash> found = new TreeMap<>();
          while (rows.next()) {
            String name = rows.getString(1);
            if (!name.startsWith(prefix)) {
              break;
            }
            found.put(name, Hash.fromBytes(rows.getBytes(2)));
          }
          return found;
        });
    return Collections.unmodifiableSortedMap(matching == null ? new TreeMap<>() : matching);
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    readTables = true;
    try (Statement statement = connection.createStatement()) {
      // A cursor: the ids stream in pages instead of all at once.
      statement.setFetchSize(NODE_FETCH_SIZE);
      try (ResultSet rows = statement.executeQuery("SELECT hash FROM " + schema.nodes)) {
        while (rows.next()) {
          action.accept(Hash.fromBytes(rows.getBytes(1)));
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.wrap("list nodes", store, e);
    }
  }

  @Override
  public void close() {
    open.remove(this);
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The snapshot only read; a connection that broke has nothing to roll back.
    } finally {
      closeQuietly(connection, null);
    }
  }

  private <T> @Nullable T read(String operation, String sql, Object key, RowReader<T> reader) {
    readTables = true;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        return reader.read(rows);
      }
    } catch (SQLException e) {
      throw SqlFailures.wrap(operation, store, e);
    }
  }

  private static void closeQuietly(Connection connection, @Nullable Throwable failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Reads the result of a query. */
  @FunctionalInterface
  private interface RowReader<T> {
    @Nullable T read(ResultSet rows) throws SQLException;
  }
}
