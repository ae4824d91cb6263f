package io.prolly.backend.cassandra;

import io.prolly.spi.StoreConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@code cassandra:} store, read and checked from its configuration, whose
 * location is {@code //[user[:password]@]host1[:port],host2[:port]/keyspace}.
 *
 * @param contactPoints the nodes the driver contacts first
 * @param keyspace the keyspace of the store's tables
 * @param store the name of the store inside the keyspace
 * @param localDatacenter the datacentre whose nodes the driver sends requests to
 * @param consistency the consistency levels of reads and writes
 * @param user the user name, or null without authentication
 * @param password the password, or null
 * @param replicationFactor the replication factor of a keyspace the store creates
 * @param redacted the store's URI with secrets masked, for messages
 */
record CassandraSettings(
    List<InetSocketAddress> contactPoints, String keyspace, String store, String localDatacenter,
    Consistency consistency, @Nullable String user, @Nullable String password, int replicationFactor,
    String redacted) {

  static final int DEFAULT_PORT = 9042;

  /** Unquoted CQL names: lowercase, at most 48 characters (Cassandra's limit for keyspaces). */
  private static final String NAME_PATTERN = "[a-z][a-z0-9_]{0,47}";
  private static final String STORE_PATTERN = "[A-Za-z0-9_.-]{1,200}";

  static CassandraSettings of(StoreConfig config) {
    String redacted = config.redacted();
    String location = config.location();
    if (!location.startsWith("//")) {
      throw bad(redacted, "the location must start with '//'");
    }
    String rest = location.substring(2);
    String user = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      password = colon < 0 ? null : userInfo.substring(colon + 1);
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw bad(redacted, "the location names no keyspace after the hosts");
    }
    List<InetSocketAddress> hosts = hosts(rest.substring(0, slash), redacted);
    String keyspace = rest.substring(slash + 1);
    if (!keyspace.matches(NAME_PATTERN)) {
      throw bad(redacted, "keyspace '" + keyspace
          + "' must be a lowercase CQL name: a letter, then letters, digits or '_', at most 48 characters");
    }
    String optionUser = config.get(CassandraBackendProvider.USER);
    String optionPassword = config.get(CassandraBackendProvider.PASSWORD);
    if (!optionUser.isEmpty()) {
      user = optionUser;
    }
    if (!optionPassword.isEmpty()) {
      password = optionPassword;
    }
    if (user != null && user.isEmpty()) {
      user = null;
    }
    if (password != null && user == null) {
      throw bad(redacted, "a password is given without a user");
    }
    String store = config.get(CassandraBackendProvider.STORE);
    if (!store.matches(STORE_PATTERN)) {
      throw bad(redacted, "store '" + store + "' must be 1 to 200 letters, digits, '_', '.' or '-'");
    }
    String datacenter = config.get(CassandraBackendProvider.LOCAL_DATACENTER);
    if (datacenter.isBlank()) {
      throw bad(redacted, "localDatacenter is empty; name the datacentre of the nodes this process talks to");
    }
    long factor = config.get(CassandraBackendProvider.REPLICATION_FACTOR);
    if (factor < 1 || factor > 100) {
      throw bad(redacted, "replicationFactor " + factor + " must be between 1 and 100");
    }
    return new CassandraSettings(List.copyOf(hosts), keyspace, store, datacenter,
        config.get(CassandraBackendProvider.CONSISTENCY), user, password, (int) factor, redacted);
  }

  private static List<InetSocketAddress> hosts(String text, String redacted) {
    String[] parts = text.split(",", -1);
    int defaultPort = DEFAULT_PORT;
    String last = parts[parts.length - 1];
    if (last.lastIndexOf(':') > last.lastIndexOf(']')) {
      defaultPort = port(last.substring(last.lastIndexOf(':') + 1), redacted);
    }
    List<InetSocketAddress> hosts = new ArrayList<>();
    for (String part : parts) {
      String host = part;
      int port = defaultPort;
      int colon = part.lastIndexOf(':');
      if (colon > part.lastIndexOf(']')) {
        host = part.substring(0, colon);
        port = port(part.substring(colon + 1), redacted);
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        throw bad(redacted, "the host list '" + text + "' has an empty host");
      }
      hosts.add(InetSocketAddress.createUnresolved(host, port));
    }
    return hosts;
  }

  private static int port(String text, String redacted) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below with the store's name.
    }
    throw bad(redacted, "port '" + text + "' is not a number from 1 to 65535");
  }

  private static IllegalArgumentException bad(String redacted, String problem) {
    return new IllegalArgumentException("cannot open '" + redacted + "': " + problem
        + ". Write it as cassandra://host1,host2:9042/keyspace?localDatacenter=dc1&store=name");
  }
}
