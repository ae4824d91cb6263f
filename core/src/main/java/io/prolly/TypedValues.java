package io.prolly;

import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeFn;
import io.prolly.merge.Resolution;
import org.jspecify.annotations.Nullable;

/**
 * Values through a user's codec: encoding and decoding with the checks the public API promises
 * (a null codec or value is refused with a message saying what to use instead), and merges of
 * decoded values by a {@link MergeFn}.
 */
final class TypedValues {

  private TypedValues() {}

  /** Refuses a null codec with {@link IllegalArgumentException}. */
  static void requireCodec(Codec<?> codec) {
    if (codec == null) {
      throw new IllegalArgumentException("codec is null; use one of Codecs, such as Codecs.utf8()");
    }
  }

  /** Encodes a value; a null value, or a codec that encodes it as null, is an {@link IllegalArgumentException}. */
  static <V> byte[] encode(Codec<V> codec, @Nullable V value) {
    if (value == null) {
      throw new IllegalArgumentException("value is null; use remove(key) to delete a key");
    }
    byte[] bytes = codec.encode(value);
    if (bytes == null) {
      throw new IllegalArgumentException("codec " + codec.name() + " encoded a value as null");
    }
    return bytes;
  }

  static <V> @Nullable V decode(Codec<V> codec, byte @Nullable [] bytes) {
    return bytes == null ? null : codec.decode(bytes);
  }

  /**
   * Merges a key's base, our and their encoded values by a merge function on the decoded values.
   *
   * @return the merged value encoded, or null if the merge function removed the key
   */
  static <V> byte @Nullable [] merge(Codec<V> codec, MergeFn<V> mergeFn, byte @Nullable [] base,
      byte @Nullable [] ours, byte @Nullable [] theirs) {
    V merged = mergeFn.merge(decode(codec, base), decode(codec, ours), decode(codec, theirs));
    return merged == null ? null : encode(codec, merged);
  }

  /**
   * A resolver that settles every conflict by {@link #merge}. It is asked about identical changes
   * too, as {@link Store#commit} asks: two increments of a counter are two.
   */
  static <V> ConflictResolver resolver(Codec<V> codec, MergeFn<V> mergeFn) {
    return new ConflictResolver() {
      @Override
      public Resolution resolve(Conflict conflict) {
        return Resolution.valueOrRemove(merge(codec, mergeFn, conflict.base(), conflict.ours(), conflict.theirs()));
      }

      @Override
      public boolean resolvesIdenticalChanges() {
        return true;
      }
    };
  }
}
