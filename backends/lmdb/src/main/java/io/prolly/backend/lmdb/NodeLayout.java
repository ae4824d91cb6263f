package io.prolly.backend.lmdb;

import io.prolly.spi.Hash;

/**
 * Where a node's bytes go in the {@linkplain NodeTable node tables}: how many in {@code nodes}, the
 * rest in {@code tails}.
 *
 * @param headUnit the value bytes one LMDB overflow page holds: the page size less LMDB's 16-byte
 *     page header. Recorded in the store when it is created, so that a store keeps its layout when
 *     it is opened where pages are of another size.
 * @param maxTail the longest tail stored apart: one that LMDB keeps in a leaf page, next to other
 *     tails, rather than in an overflow page of its own
 */
record NodeLayout(int headUnit, int maxTail) {

  /** LMDB 0.9's page header on a 64-bit system. */
  private static final int PAGE_HEADER = 16;
  /** The smallest page LMDB supports. */
  private static final int MIN_PAGE_SIZE = 512;
  /** LMDB's leaf-node header, and the 2-byte slot in the page's index, per entry. */
  private static final int ENTRY_OVERHEAD = 8 + 2;

  /** The layout of a new store whose pages are {@code pageSize} bytes. */
  static NodeLayout forPageSize(int pageSize) {
    return ofUnit(pageSize - PAGE_HEADER);
  }

  /**
   * The layout with a head unit of {@code headUnit} bytes: tails up to LMDB's largest leaf entry
   * ({@code mdb.c}'s {@code me_nodemax}: half a page's room, less the index slot) with a 32-byte
   * key.
   *
   * @throws IllegalArgumentException if the unit is too small for any page LMDB writes
   */
  static NodeLayout ofUnit(int headUnit) {
    if (headUnit < MIN_PAGE_SIZE - PAGE_HEADER) {
      throw new IllegalArgumentException("a node layout unit of " + headUnit + " bytes is smaller than any LMDB page");
    }
    int largestLeafEntry = ((headUnit / 2) & ~1) - ENTRY_OVERHEAD;
    return new NodeLayout(headUnit, largestLeafEntry - Hash.LENGTH);
  }

  /** How many of a node's {@code length} bytes go in {@code nodes}: all of them, or whole units. */
  int headLength(int length) {
    int head = length / headUnit * headUnit;
    int tail = length - head;
    return head == 0 || tail == 0 || tail > maxTail ? length : head;
  }

  /** Whether a node whose bytes in {@code nodes} are {@code headLength} long may have a tail. */
  boolean mayHaveTail(int headLength) {
    return headLength > 0 && headLength % headUnit == 0;
  }
}
