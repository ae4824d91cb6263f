/** A user's application: it needs core only; backends come from the module path. */
module app {
  requires io.prolly.core;

  uses io.prolly.spi.BackendProvider;
}
