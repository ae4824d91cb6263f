package io.prolly.backend.rocksdb;

import io.prolly.error.CorruptStoreException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The keys and values of the {@code meta} column family: a format marker, checked on every open
 * so that a foreign or newer database is refused rather than misread, and the {@link StoreTotals}.
 */
final class StoreMeta {

  static final String FORMAT = "prolly-rocksdb";
  static final int VERSION = 1;
  static final byte[] FORMAT_KEY = ascii("format");
  static final byte[] TOTALS_KEY = ascii("totals");
  static final byte[] FORMAT_VALUE = ascii(FORMAT + " " + VERSION);

  private StoreMeta() {}

  /**
   * Checks a stored format marker.
   *
   * @throws CorruptStoreException if it is not one this version reads
   */
  static void checkFormat(byte @Nullable [] marker, String location) {
    String text = marker == null ? "" : new String(marker, StandardCharsets.UTF_8);
    if (!text.startsWith(FORMAT + " ")) {
      throw corrupt(location, "it has no '" + FORMAT + "' format marker; it was not written by Prolly's RocksDB backend");
    }
    String version = text.substring(FORMAT.length() + 1);
    if (!version.equals(Integer.toString(VERSION))) {
      throw corrupt(location, "it has format version " + version + ", this version of Prolly reads version "
          + VERSION + "; open it with the Prolly version that wrote it");
    }
  }

  /**
   * Reads the stored totals.
   *
   * @throws CorruptStoreException if they are missing or damaged
   */
  static StoreTotals totals(byte @Nullable [] encoded, String location) {
    if (encoded == null || encoded.length != StoreTotals.ENCODED_BYTES) {
      throw corrupt(location, "its totals record is missing or damaged");
    }
    return StoreTotals.decode(encoded);
  }

  static CorruptStoreException corrupt(String location, String why) {
    return new CorruptStoreException(location, "RocksDB store '" + location + "' cannot be opened: " + why, null);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
