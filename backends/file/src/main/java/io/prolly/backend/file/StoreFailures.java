package io.prolly.backend.file;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.error.StorageFullException;
import io.prolly.error.StoreLockedException;
import java.io.EOFException;
import java.io.IOException;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.jspecify.annotations.Nullable;

/**
 * Turns what MVStore (or a damaged page) throws into the exceptions of Prolly's contract, with
 * messages that name the file. No raw MVStore exception leaves the backend.
 */
final class StoreFailures {

  private final String location;

  /**
   * @param location the store file as the user configured it, for messages and exceptions
   */
  StoreFailures(String location) {
    this.location = location;
  }

  String location() {
    return location;
  }

  /** A failure while opening the file. */
  ProllyException onOpen(RuntimeException failure) {
    if (failure instanceof ProllyException) {
      return (ProllyException) failure;
    }
    if (failure instanceof MVStoreException) {
      int code = ((MVStoreException) failure).getErrorCode();
      if (code == DataUtils.ERROR_FILE_LOCKED) {
        return new StoreLockedException(location, "store file '" + location
            + "' is open in another store handle, in this process or another one; close that handle first,"
            + " or share one open store", failure);
      }
      if (isInputOutput(failure)) {
        return new ProllyException("cannot open store file '" + location + "': " + failure.getMessage()
            + "; check that the file and its directory are readable and writable", failure);
      }
    }
    return notAStoreFile("MVStore cannot read it (" + failure.getMessage() + ")", failure);
  }

  /** A failure while reading committed data. */
  ProllyException onRead(RuntimeException failure) {
    if (failure instanceof ProllyException) {
      return (ProllyException) failure;
    }
    if (isInputOutput(failure)) {
      return new ProllyException("cannot read store file '" + location + "': " + failure.getMessage(), failure);
    }
    if (isClosed(failure)) {
      return new ProllyException("store file '" + location + "' was closed after an earlier failure; "
          + "open the store again", failure);
    }
    return corrupt("a read found damaged data (" + failure.getMessage() + ")", failure);
  }

  /** A failure while writing a commit, which MVStore then rolled back, staying open. */
  ProllyException onWrite(RuntimeException failure) {
    if (failure instanceof ProllyException) {
      return (ProllyException) failure;
    }
    if (isDamage(failure)) {
      return corrupt("a commit found damaged data (" + failure.getMessage() + "); nothing was committed", failure);
    }
    return new ProllyException("cannot write to store file '" + location + "': " + failure.getMessage()
        + "; nothing was committed", failure);
  }

  /**
   * A failure while compacting the file. Compaction moves pages and changes no data, and MVStore
   * writes every move as a commit of its own, so committed data is intact whatever step failed.
   */
  ProllyException onCompaction(RuntimeException failure) {
    if (failure instanceof ProllyException) {
      return (ProllyException) failure;
    }
    if (isDamage(failure)) {
      return corrupt("compaction found damaged data (" + failure.getMessage() + ")", failure);
    }
    return new ProllyException("cannot compact store file '" + location + "': " + failure.getMessage()
        + "; committed data is intact. Free disk space (compaction writes the live data again) and compact again",
        failure);
  }

  /**
   * A failed file write, after which MVStore closed itself and the file was opened again without
   * the commit in it.
   *
   * @param full whether the file system is full
   */
  ProllyException onWriteRolledBack(RuntimeException failure, boolean full) {
    if (full) {
      return new StorageFullException(location, "cannot write to store file '" + location + "': the file system is"
          + " full (" + failure.getMessage() + "); nothing was committed. Free disk space, then commit again;"
          + " everything committed before is intact and readable", failure);
    }
    return new ProllyException("cannot write to store file '" + location + "': " + failure.getMessage()
        + "; nothing was committed, and the store is usable", failure);
  }

  /** A failed file write, after which MVStore closed itself and the file could not be opened again. */
  ProllyException onWriteNotReopened(RuntimeException failure) {
    return new ProllyException("cannot write to store file '" + location + "': " + failure.getMessage()
        + "; MVStore closed the file, and opening it again failed, so the commit may or may not be there."
        + " The store opens the file again at its next use", failure);
  }

  /**
   * A file that is not a readable Prolly store file. Another program's file and a store file
   * damaged beyond repair look the same, so the message names both.
   */
  CorruptStoreException notAStoreFile(String why, @Nullable Throwable cause) {
    return new CorruptStoreException(location, "'" + location + "' is not a Prolly store file: " + why
        + ". Check that the location names the store file and not another program's file; if it does, the store"
        + " file is damaged: restore it from a backup", cause);
  }

  CorruptStoreException corrupt(String what, @Nullable Throwable cause) {
    return new CorruptStoreException(location, "store file '" + location + "' is damaged: " + what
        + ". Restore it from a backup; opening it again will not repair it", cause);
  }

  /** Damaged data found while a commit or compaction ran: MVStore's own failures that are not I/O or closing. */
  private static boolean isDamage(RuntimeException failure) {
    return failure instanceof DamagedPageException
        || failure instanceof MVStoreException && !isInputOutput(failure) && !isClosed(failure);
  }

  private static boolean isInputOutput(RuntimeException failure) {
    if (!(failure instanceof MVStoreException)) {
      return false;
    }
    int code = ((MVStoreException) failure).getErrorCode();
    // A read past the end is a file cut short, which is damage, not an I/O problem.
    return (code == DataUtils.ERROR_READING_FAILED || code == DataUtils.ERROR_WRITING_FAILED)
        && failure.getCause() instanceof IOException && !(failure.getCause() instanceof EOFException);
  }

  private static boolean isClosed(RuntimeException failure) {
    return failure instanceof MVStoreException
        && ((MVStoreException) failure).getErrorCode() == DataUtils.ERROR_CLOSED;
  }
}
