package io.prolly.backend.jdbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server started from a root JVM: zonky's binaries, unpacked by
 * {@link PostgresBinaries}, run as an {@link UnprivilegedAccount} on a data directory that account
 * owns, listening on a loopback port only. Zonky's own launcher cannot do this, since it runs
 * initdb as the current user.
 */
final class RootPostgres implements TestPostgres.Server {

  private final Path base;
  private final Process server;
  private final int port;

  private RootPostgres(Path base, Process server, int port) {
    this.base = base;
    this.server = server;
    this.port = port;
  }

  static RootPostgres start(int port) {
    try {
      Path binaries = PostgresBinaries.unpacked();
      UnprivilegedAccount account = UnprivilegedAccount.find();
      Path base = Files.createTempDirectory("prolly-postgres-run-");
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path data = Files.createDirectory(base.resolve("data"));
      account.own(data);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      Path initLog = base.resolve("initdb.log");
      Process initdb = process(account.run(List.of(binaries.resolve("bin/initdb").toString(), "-D", data.toString(),
          "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")), base, initLog);
      if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
        initdb.destroyForcibly();
        throw new IllegalStateException("initdb failed as user " + account.name() + ":\n" + Files.readString(initLog));
      }
      Path serverLog = base.resolve("server.log");
      Process server = process(account.run(List.of(binaries.resolve("bin/postgres").toString(), "-D", data.toString(),
          "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
          "-c", "max_connections=400", "-c", "fsync=off", "-c", "shared_buffers=64MB")), base, serverLog);
      return new RootPostgres(base, server, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean isAlive() {
    return server.isAlive();
  }

  @Override
  public String log() {
    try {
      return Files.readString(base.resolve("server.log"));
    } catch (IOException e) {
      return "(no server log: " + e + ")";
    }
  }

  /** Fast shutdown (SIGINT): open sessions are ended, not waited for. */
  @Override
  public void stop() {
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
      PostgresBinaries.deleteTree(base);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up PostgreSQL in " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Process process(List<String> command, Path home, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().put("LC_ALL", "C");
    return builder.start();
  }
}
