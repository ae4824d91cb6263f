package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Walks every B-tree of an LMDB data file with plain file reads, before LMDB maps it, and checks
 * that LMDB can follow it safely: every page number inside the file's used pages, every page
 * referred to once, page headers of the kind their parent expects, every node and key inside its
 * page, keys in order, overflow pages where their nodes say, leaves all at the depth their
 * database records.
 *
 * <p>LMDB keeps no checksums and follows page numbers blindly through its memory map: a damaged
 * page number makes it read past the end of the file and the process dies of SIGBUS, and a damaged
 * node offset makes it read garbage as a page. This check turns such damage into a
 * {@link CorruptStoreException} instead. It reads the branch and leaf pages (for Prolly's 4 KiB
 * nodes, a few percent of the file) and the first page of each overflow run, not the node bytes;
 * damage to those is found when a node is read and its hash checked.
 *
 * <p>The layout is that of LMDB 0.9 ({@code mdb.c}): 16-byte page headers (page number, padding,
 * flags, lower and upper bounds or overflow page count), 8-byte node headers (data size or child
 * page number, flags, key size), two meta pages of which the one with the higher transaction id is
 * current, its free and main database records, and named databases as main-database leaves
 * flagged as sub-databases.
 */
final class PageStructureCheck {

  private static final int PAGE_HEADER = 16;
  private static final int NODE_HEADER = 8;
  private static final int DB_RECORD = 48;
  private static final int MAGIC = 0xBEEFC0DE;
  private static final long NO_PAGE = -1L;

  private static final int P_BRANCH = 0x01;
  private static final int P_LEAF = 0x02;
  private static final int P_OVERFLOW = 0x04;
  private static final int P_META = 0x08;
  /** Bits LMDB may leave set in a written page that say nothing about its kind. */
  private static final int P_BOOKKEEPING = 0x10 | 0x4000 | 0x8000;

  private static final int F_BIGDATA = 0x01;
  private static final int F_SUBDATA = 0x02;

  private static final int META_DBS = PAGE_HEADER + 24;
  private static final int META_LAST_PAGE = META_DBS + 2 * DB_RECORD;
  private static final int META_TXNID = META_LAST_PAGE + 8;

  private final FileChannel file;
  private final String location;
  private final Path dataFile;
  private int pageSize;
  private long lastPage;
  private final BitSet seen = new BitSet();

  private PageStructureCheck(FileChannel file, String location, Path dataFile) {
    this.file = file;
    this.location = location;
    this.dataFile = dataFile;
  }

  /**
   * Checks the data file of a store.
   *
   * @return how many pages the check read
   * @throws CorruptStoreException naming the location and what is wrong, if LMDB could not follow
   *     the file safely
   * @throws UncheckedIOException if the file cannot be read
   */
  static int run(Path dataFile, String location) {
    try (FileChannel file = FileChannel.open(dataFile, StandardOpenOption.READ)) {
      PageStructureCheck check = new PageStructureCheck(file, location, dataFile);
      check.check();
      return check.seen.cardinality() + 2;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read LMDB data file " + dataFile + ": " + e.getMessage(), e);
    }
  }

  private void check() throws IOException {
    if (file.size() == 0) {
      // Created but never written: LMDB starts it afresh.
      return;
    }
    ByteBuffer meta = currentMeta();
    lastPage = meta.getLong(META_LAST_PAGE);
    long needed = (lastPage + 1) * pageSize;
    if (lastPage < 1 || needed / pageSize != lastPage + 1) {
      throw damaged("its meta page gives " + lastPage + " as the last page in use");
    }
    if (file.size() < needed) {
      throw new CorruptStoreException(location, "LMDB store '" + location + "' cannot be opened: its data file "
          + dataFile + " has " + file.size() + " bytes, but its last committed transaction uses " + needed
          + " bytes (" + pageSize + "-byte pages); the file was cut short, by an incomplete copy or a full disk."
          + " Restore it from a backup", null);
    }
    database(meta, META_DBS, Tree.FREE);
    database(meta, META_DBS + DB_RECORD, Tree.MAIN);
  }

  /**
   * The meta page LMDB will use: of the two, the one with the higher transaction id. LMDB reads
   * the second at the page size the first gives, and refuses the file if either is invalid.
   */
  private ByteBuffer currentMeta() throws IOException {
    ByteBuffer first = metaPage(0);
    pageSize = first.getInt(META_DBS);
    if (pageSize < 512 || pageSize > 65_536 || Integer.bitCount(pageSize) != 1) {
      throw damaged("its first meta page gives a page size of " + pageSize + " bytes");
    }
    ByteBuffer second = metaPage(pageSize);
    return Long.compareUnsigned(second.getLong(META_TXNID), first.getLong(META_TXNID)) > 0 ? second : first;
  }

  private ByteBuffer metaPage(long position) throws IOException {
    ByteBuffer page = read(position, META_TXNID + 8);
    if (page == null || (page.getShort(10) & P_META) == 0 || page.getInt(PAGE_HEADER) != MAGIC) {
      throw damaged("its meta page at byte " + position + " is not a valid LMDB meta page");
    }
    return page;
  }

  /** Checks a database record (an {@code MDB_db}) and its tree. */
  private void database(ByteBuffer holder, int offset, Tree tree) throws IOException {
    int depth = Short.toUnsignedInt(holder.getShort(offset + 6));
    long root = holder.getLong(offset + 40);
    if (root == NO_PAGE) {
      return;
    }
    if (depth < 1 || depth > 64) {
      throw damaged("a database record gives its tree a depth of " + depth);
    }
    walk(root, depth, tree);
  }

  private void walk(long number, int depth, Tree tree) throws IOException {
    ByteBuffer page = page(number);
    int kind = Short.toUnsignedInt(page.getShort(10)) & ~P_BOOKKEEPING;
    int expected = depth == 1 ? P_LEAF : P_BRANCH;
    if (kind != expected) {
      throw damaged("page " + number + " has flags " + Integer.toHexString(kind) + " where a "
          + (depth == 1 ? "leaf" : "branch") + " page belongs");
    }
    int lower = Short.toUnsignedInt(page.getShort(12));
    int upper = Short.toUnsignedInt(page.getShort(14));
    if (lower < PAGE_HEADER + 2 || lower > upper || upper > pageSize || (lower - PAGE_HEADER) % 2 != 0) {
      throw damaged("page " + number + " has free-space bounds " + lower + ".." + upper);
    }
    int count = (lower - PAGE_HEADER) / 2;
    byte[] previousKey = null;
    for (int i = 0; i < count; i++) {
      int node = Short.toUnsignedInt(page.getShort(PAGE_HEADER + 2 * i));
      if (node < upper || node + NODE_HEADER > pageSize) {
        throw damaged("page " + number + " puts node " + i + " at offset " + node + ", outside its node area");
      }
      long low = Short.toUnsignedInt(page.getShort(node)) | (long) Short.toUnsignedInt(page.getShort(node + 2)) << 16;
      int flags = Short.toUnsignedInt(page.getShort(node + 4));
      int keySize = Short.toUnsignedInt(page.getShort(node + 6));
      int keyStart = node + NODE_HEADER;
      if (keyStart + keySize > pageSize) {
        throw damaged("a key on page " + number + " runs past the page");
      }
      byte[] key = new byte[keySize];
      page.get(keyStart, key);
      // A branch page's first key is empty by construction; every other key follows the one before.
      // The free database's keys are native integers, in an order bytes do not show.
      if (tree != Tree.FREE && previousKey != null && Arrays.compareUnsigned(previousKey, key) >= 0) {
        throw damaged("the keys of page " + number + " are out of order");
      }
      if (depth > 1 && i == 0) {
        previousKey = null;
      } else {
        previousKey = key;
      }
      if (depth > 1) {
        walk(low | (long) flags << 32, depth - 1, tree);
      } else {
        leafData(page, number, keyStart + keySize, low, flags, tree);
      }
    }
  }

  private void leafData(ByteBuffer page, long number, int dataStart, long size, int flags, Tree tree)
      throws IOException {
    if ((flags & F_BIGDATA) != 0) {
      if (dataStart + 8 > pageSize) {
        throw damaged("a node on page " + number + " runs past the page");
      }
      long first = page.getLong(dataStart);
      ByteBuffer overflow = page(first);
      int pages = overflow.getInt(12);
      if ((overflow.getShort(10) & ~P_BOOKKEEPING) != P_OVERFLOW || pages < 1 || first + pages - 1 > lastPage
          || size > (long) pages * pageSize - PAGE_HEADER) {
        throw damaged("the value of a node on page " + number + " should be on overflow page " + first
            + ", which is not a run of overflow pages of its size");
      }
      for (long p = first + 1; p < first + pages; p++) {
        claim(p);
      }
      return;
    }
    if (dataStart + size > pageSize) {
      throw damaged("a node on page " + number + " runs past the page");
    }
    if ((flags & F_SUBDATA) != 0) {
      if (tree != Tree.MAIN || size != DB_RECORD) {
        throw damaged("page " + number + " holds a misplaced database record");
      }
      database(page, dataStart, Tree.NAMED);
    }
  }

  /** Reads a page in use that nothing has referred to yet. */
  private ByteBuffer page(long number) throws IOException {
    claim(number);
    ByteBuffer page = read(number * pageSize, pageSize);
    if (page == null || page.getLong(0) != number) {
      throw damaged("page " + number + " does not carry its own number");
    }
    return page;
  }

  private void claim(long number) {
    if (number < 2 || number > lastPage) {
      throw damaged("it refers to page " + number + ", outside the pages in use (2 to " + lastPage + ")");
    }
    if (seen.get((int) number)) {
      throw damaged("page " + number + " is referred to twice");
    }
    seen.set((int) number);
  }

  private ByteBuffer read(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (file.read(buffer, position + buffer.position()) < 0) {
        return null;
      }
    }
    return buffer.flip();
  }

  /** The trees of an environment: free pages, the main database, and the named databases in it. */
  private enum Tree { FREE, MAIN, NAMED }

  private CorruptStoreException damaged(String what) {
    return StoreDamage.found(location, what + " (found by checking its data file " + dataFile
        + " before opening it)");
  }
}
