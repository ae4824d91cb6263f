package io.prolly.cli;

import io.prolly.KeyChange;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help.Ansi;

/**
 * A changed key as {@code --json} shows it.
 *
 * @param kind {@code added}, {@code removed} or {@code changed}
 * @param namespace the namespace path, {@code ""} for the root
 * @param key the key
 * @param oldValue the value before, null if added
 * @param newValue the value after, null if removed
 */
record ChangeView(String kind, String namespace, String key, @Nullable String oldValue, @Nullable String newValue) {

  static ChangeView of(KeyChange<byte[]> change) {
    return new ChangeView(change.kind().name().toLowerCase(Locale.ROOT), change.namespace(), change.key(),
        change.oldValue() == null ? null : ValueText.of(change.oldValue()),
        change.newValue() == null ? null : ValueText.of(change.newValue()));
  }

  /** The human line: {@code + key = new}, {@code - key (was old)}, {@code ~ key: old -> new}, in colour. */
  String line(Ansi ansi) {
    String qualified = namespace.isEmpty() ? key : namespace + "/" + key;
    return switch (kind) {
      case "added" -> ansi.string("@|green + |@") + qualified + " = " + newValue;
      case "removed" -> ansi.string("@|red - |@") + qualified + " (was " + oldValue + ")";
      default -> ansi.string("@|yellow ~ |@") + qualified + ": " + oldValue + " -> " + newValue;
    };
  }
}
