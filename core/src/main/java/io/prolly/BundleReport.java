package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.spi.Hash;
import java.time.Duration;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@link Transfer#exportBundle} wrote or {@link Transfer#importBundle} read.
 *
 * @param refs the refs the bundle carries ({@code heads/<branch>}, {@code tags/<tag>}) and the
 *     commits they name, sorted by name, unmodifiable
 * @param updatedRefs the refs an import created or moved, sorted, unmodifiable; empty for an
 *     export and for an import that found everything in place
 * @param nodes nodes in the bundle
 * @param nodeBytes bytes of those nodes, uncompressed
 * @param bundleBytes bytes of the bundle file
 * @param checksum the bundle's trailer checksum: SHA-256 of its uncompressed content, which
 *     identifies the bundle; publish it beside the file to let receivers check what they got
 * @param duration how long it took
 */
public record BundleReport(SortedMap<String, Hash> refs, SortedSet<String> updatedRefs, long nodes, long nodeBytes,
    long bundleBytes, Hash checksum, Duration duration) {

  /**
   * Copies the collections.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public BundleReport {
    Arguments.notNull(refs, "refs");
    Arguments.notNull(updatedRefs, "updatedRefs");
    refs = Collections.unmodifiableSortedMap(new TreeMap<>(refs));
    updatedRefs = Collections.unmodifiableSortedSet(new TreeSet<>(updatedRefs));
    Arguments.notNull(checksum, "checksum");
    Arguments.notNull(duration, "duration");
  }
}
