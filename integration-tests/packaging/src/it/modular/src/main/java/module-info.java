/** A user's application: it needs core only; backends come from the module path. */
module app {
  requires io.prolly.core;

  uses io.prolly.spi.BackendProvider;

  // Codecs.kryo reads and writes the application's value types reflectively.
  opens app to com.esotericsoftware.kryo;
}
