/**
 * Prolly for Kotlin: suspending variants of the write operations, flows of history, diffs and
 * branch updates, a staging DSL, merge functions from Kotlin lambdas, and codecs for
 * {@code @Serializable} classes. Everything is in the package {@code io.prolly.kotlin}; the API it
 * extends is that of {@code io.prolly.core}.
 */
module io.prolly.kotlin {
  requires transitive io.prolly.core;
  requires transitive kotlin.stdlib;
  requires transitive kotlinx.coroutines.core;
  requires transitive kotlinx.serialization.core;
  requires transitive kotlinx.serialization.json;
  requires transitive kotlinx.serialization.cbor;

  exports io.prolly.kotlin;
}
