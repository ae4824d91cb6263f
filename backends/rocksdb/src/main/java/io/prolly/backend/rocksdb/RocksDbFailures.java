package io.prolly.backend.rocksdb;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.error.StorageFullException;
import io.prolly.error.StoreLockedException;
import io.prolly.spi.support.DiskSpace;
import java.nio.file.Path;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns a {@link RocksDBException} into the SPI's exception for what went wrong. */
final class RocksDbFailures {

  private RocksDbFailures() {}

  /**
   * The exception for a failure of {@code what} (such as "opening") on the store at {@code location}.
   * RocksDB reports a held {@code LOCK} file, by this or another process, as an I/O error that
   * mentions the lock; damaged files as corruption.
   */
  static ProllyException translate(String what, String location, RocksDBException e) {
    Status status = e.getStatus();
    Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
    String message = String.valueOf(e.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    if (code == Status.Code.IOError && lower.contains("lock")) {
      String holder = lower.contains("current process") ? "already open in this process; share the open store"
          : "open in another process (RocksDB holds its LOCK file); close it there first";
      return new StoreLockedException(location, "RocksDB store '" + location + "' is " + holder
          + " (" + message + ")", e);
    }
    if (status != null && status.getSubCode() == Status.SubCode.NoSpace
        || DiskSpace.ranOut(Path.of(location), 0, e)) {
      return new StorageFullException(location, what + " RocksDB store '" + location + "' failed: the file system is"
          + " full (" + message + "). Free disk space, then commit again; everything committed before is intact"
          + " and readable", e);
    }
    if (code == Status.Code.Corruption) {
      return new CorruptStoreException(location, "RocksDB store '" + location + "' is damaged: " + message, e);
    }
    return new ProllyException(what + " RocksDB store '" + location + "' failed: " + message, e);
  }
}
