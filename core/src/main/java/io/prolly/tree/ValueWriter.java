package io.prolly.tree;

/**
 * Turns values into the form leaves store: inline up to the tree's
 * {@link TreeConfig#maxInlineValueSize()}, beyond it a reference to a blob that this writer
 * stores. The form depends only on the value and the config, as a tree's history independence
 * needs. Not thread-safe.
 */
final class ValueWriter {

  private final TreeConfig config;
  private final BlobWriter blobs;

  ValueWriter(TreeConfig config, NodeSink sink) {
    this.config = config;
    this.blobs = new BlobWriter(sink);
  }

  byte[] store(byte[] value) {
    return value.length > config.maxInlineValueSize() ? blobs.write(value).toStored() : StoredValue.inline(value);
  }

  /**
   * Returns a stored value in the form this writer's config gives it, which differs only when it
   * comes from a tree with another inline limit.
   */
  byte[] conform(byte[] key, byte[] stored, ValueReader reader) {
    boolean blob = StoredValue.isBlob(stored);
    boolean shouldBeBlob = StoredValue.valueLength(stored) > config.maxInlineValueSize();
    return blob == shouldBeBlob ? stored : store(reader.bytes(key, stored));
  }
}
