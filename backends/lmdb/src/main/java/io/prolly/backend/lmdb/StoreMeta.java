package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * The {@code meta} database: a format marker, checked on every open so a foreign or newer LMDB
 * environment is refused rather than misread, the {@link NodeTotals}, and the {@link NodeLayout}.
 */
final class StoreMeta {

  static final String FORMAT = "prolly-lmdb";
  /** 3: nodes a little over whole pages keep their last bytes in the {@code tails} database. */
  static final int VERSION = 3;
  /** 2: refs and totals sealed with a checksum, every node whole. Opened and upgraded to 3. */
  static final int UPGRADABLE_VERSION = 2;

  private static final byte[] FORMAT_KEY = ascii("format");
  private static final byte[] TOTALS_KEY = ascii("nodeTotals");
  private static final byte[] LAYOUT_KEY = ascii("nodeLayout");

  private final Dbi<byte[]> meta;
  private final String location;

  StoreMeta(Dbi<byte[]> meta, String location) {
    this.meta = meta;
    this.location = location;
  }

  /** Marks a new, empty store; inside the write transaction that creates the databases. */
  void initialise(Txn<byte[]> txn, NodeLayout layout) {
    writeTotals(txn, NodeTotals.NONE);
    upgrade(txn, layout);
  }

  /**
   * Records the layout and marks the store as of the current version; for a store of the
   * {@linkplain #UPGRADABLE_VERSION previous version}, whose nodes are all whole and so read
   * the same in the current layout.
   */
  void upgrade(Txn<byte[]> txn, NodeLayout layout) {
    meta.put(txn, LAYOUT_KEY, SealedValue.seal(ByteBuffer.allocate(Integer.BYTES).putInt(layout.headUnit()).array()));
    meta.put(txn, FORMAT_KEY, ascii(FORMAT + " " + VERSION));
  }

  /**
   * Checks the format marker and the totals.
   *
   * @return the store's format version: {@link #VERSION} or {@link #UPGRADABLE_VERSION}
   * @throws CorruptStoreException if either is missing or not understood
   */
  int check(Txn<byte[]> txn) {
    byte[] marker = meta.get(txn, FORMAT_KEY);
    String text = marker == null ? "" : new String(marker, StandardCharsets.UTF_8);
    if (!text.startsWith(FORMAT + " ")) {
      throw corrupt("it has no '" + FORMAT + "' format marker; it was not written by Prolly's LMDB backend");
    }
    String version = text.substring(FORMAT.length() + 1);
    if (!version.equals(Integer.toString(VERSION)) && !version.equals(Integer.toString(UPGRADABLE_VERSION))) {
      throw corrupt("it has format version " + version + ", this version of Prolly reads versions "
          + UPGRADABLE_VERSION + " and " + VERSION + "; open it with the Prolly version that wrote it");
    }
    totals(txn);
    return Integer.parseInt(version);
  }

  /**
   * The layout a store of the current version recorded.
   *
   * @throws CorruptStoreException if the record is missing or damaged
   */
  NodeLayout layout(Txn<byte[]> txn) {
    byte[] sealed = meta.get(txn, LAYOUT_KEY);
    byte[] body = sealed == null ? null : SealedValue.open(sealed);
    if (body == null || body.length != Integer.BYTES) {
      throw corrupt("its node layout record is missing or damaged");
    }
    try {
      return NodeLayout.ofUnit(ByteBuffer.wrap(body).getInt());
    } catch (IllegalArgumentException e) {
      throw corrupt("its node layout record is not one Prolly writes (" + e.getMessage() + ")");
    }
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
