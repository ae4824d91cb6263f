package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;
import java.nio.charset.StandardCharsets;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * The {@code meta} database: a format marker, checked on every open so a foreign or newer LMDB
 * environment is refused rather than misread, and the {@link NodeTotals}.
 */
final class StoreMeta {

  static final String FORMAT = "prolly-lmdb";
  /** 2: refs and totals sealed with a checksum. */
  static final int VERSION = 2;

  private static final byte[] FORMAT_KEY = ascii("format");
  private static final byte[] TOTALS_KEY = ascii("nodeTotals");

  private final Dbi<byte[]> meta;
  private final String location;

  StoreMeta(Dbi<byte[]> meta, String location) {
    this.meta = meta;
    this.location = location;
  }

  /** Marks a new, empty store; inside the write transaction that creates the databases. */
  void initialise(Txn<byte[]> txn) {
    meta.put(txn, FORMAT_KEY, ascii(FORMAT + " " + VERSION));
    writeTotals(txn, NodeTotals.NONE);
  }

  /**
   * Checks the format marker and the totals.
   *
   * @throws CorruptStoreException if either is missing or not understood
   */
  void check(Txn<byte[]> txn) {
    byte[] marker = meta.get(txn, FORMAT_KEY);
    String text = marker == null ? "" : new String(marker, StandardCharsets.UTF_8);
    if (!text.startsWith(FORMAT + " ")) {
      throw corrupt("it has no '" + FORMAT + "' format marker; it was not written by Prolly's LMDB backend");
    }
    String version = text.substring(FORMAT.length() + 1);
    if (!version.equals(Integer.toString(VERSION))) {
      throw corrupt("it has format version " + version + ", this version of Prolly reads version " + VERSION
          + "; open it with the Prolly version that wrote it");
    }
    totals(txn);
  }

  NodeTotals totals(Txn<byte[]> txn) {
    byte[] encoded = meta.get(txn, TOTALS_KEY);
    NodeTotals totals = encoded == null ? null : NodeTotals.decode(encoded);
    if (totals == null) {
      throw corrupt("its node totals record is missing or damaged");
    }
    return totals;
  }

  void writeTotals(Txn<byte[]> txn, NodeTotals totals) {
    meta.put(txn, TOTALS_KEY, totals.encode());
  }

  private CorruptStoreException corrupt(String why) {
    return new CorruptStoreException(location, "LMDB store '" + location + "' cannot be opened: " + why, null);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
