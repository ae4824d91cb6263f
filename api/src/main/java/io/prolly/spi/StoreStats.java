package io.prolly.spi;

import io.prolly.spi.support.Arguments;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Figures about the committed state of a {@link NodeStore}.
 *
 * @param nodeCount the exact number of nodes
 * @param nodeBytes the exact sum of the lengths of all nodes
 * @param refCount the exact number of refs
 * @param storageBytes what the store occupies, as well as the backend can tell (bytes on disk
 *     for persistent backends, an estimate of heap use for memory)
 * @param figures backend-specific figures by name, such as {@code mapSize} or {@code cacheHits}
 */
public record StoreStats(
    long nodeCount, long nodeBytes, long refCount, long storageBytes, SortedMap<String, Long> figures) {

  /**
   * Creates the figures.
   *
   * @param nodeCount the exact number of nodes
   * @param nodeBytes the exact sum of the lengths of all nodes
   * @param refCount the exact number of refs
   * @param storageBytes what the store occupies
   * @param figures backend-specific figures by name; copied
   * @throws IllegalArgumentException if a count is negative or {@code figures} is null
   */
  public StoreStats {
    if (nodeCount < 0 || nodeBytes < 0 || refCount < 0 || storageBytes < 0 || figures == null) {
      throw new IllegalArgumentException(String.format(
          "store figures must be non-negative: nodes %d, node bytes %d, refs %d, storage %d, figures %s",
          nodeCount, nodeBytes, refCount, storageBytes, figures));
    }
    figures = Collections.unmodifiableSortedMap(new TreeMap<>(figures));
  }

  /**
   * Creates figures without backend-specific ones.
   *
   * @param nodeCount the exact number of nodes
   * @param nodeBytes the exact sum of the lengths of all nodes
   * @param refCount the exact number of refs
   * @param storageBytes what the store occupies
   * @return the figures
   * @throws IllegalArgumentException if a count is negative
   */
  public static StoreStats of(long nodeCount, long nodeBytes, long refCount, long storageBytes) {
    return new StoreStats(nodeCount, nodeBytes, refCount, storageBytes, new TreeMap<>());
  }

  /**
   * Returns a copy with one more backend-specific figure.
   *
   * @param name the figure's name
   * @param value its value
   * @return new figures
   */
  public StoreStats withFigure(String name, long value) {
    Arguments.notNull(name, "name");
    SortedMap<String, Long> more = new TreeMap<>(figures);
    more.put(name, value);
    return new StoreStats(nodeCount, nodeBytes, refCount, storageBytes, more);
  }

  /**
   * Returns all figures as one map, the standard ones first.
   *
   * @return figure name to value
   */
  public Map<String, Long> asMap() {
    Map<String, Long> all = new LinkedHashMap<>();
    all.put("nodeCount", nodeCount);
    all.put("nodeBytes", nodeBytes);
    all.put("refCount", refCount);
    all.put("storageBytes", storageBytes);
    all.putAll(figures);
    return Collections.unmodifiableMap(all);
  }
}
