package io.prolly.tck;

import io.prolly.spi.Hash;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random inputs for the rules beyond the fixed {@link Pools}. */
final class Generators {

  private Generators() {}

  /** Nodes of 0 to {@code maxSize} random bytes. */
  static Arbitrary<byte[]> nodes(int maxSize) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
  }

  /** 1 to {@code maxCount} distinct nodes by id. */
  static Arbitrary<Map<Hash, byte[]>> nodeMaps(int maxCount, int maxSize) {
    return nodes(maxSize).list().ofMinSize(1).ofMaxSize(maxCount).map(Generators::byId);
  }

  /** Valid ref names: 1 to 40 code points from all of Unicode except NUL and lone surrogates. */
  static Arbitrary<String> refNames() {
    return Arbitraries.strings()
        .all()
        .excludeChars('\0')
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(Generators::isWellFormed);
  }

  static Map<Hash, byte[]> byId(List<byte[]> nodes) {
    Map<Hash, byte[]> byId = new LinkedHashMap<>();
    nodes.forEach(node -> byId.put(Hash.of(node), node));
    return byId;
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
