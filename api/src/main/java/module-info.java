/**
 * Prolly's storage SPI and its exceptions: what a storage backend implements ({@code io.prolly.spi}),
 * the building blocks backends share ({@code io.prolly.spi.support}), and the exceptions every part
 * of Prolly throws ({@code io.prolly.error}).
 */
module io.prolly.api {
  requires static transitive org.jspecify;

  exports io.prolly.error;
  exports io.prolly.spi;
  exports io.prolly.spi.support;
}
