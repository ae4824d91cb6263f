/**
 * The contract every Prolly storage backend keeps: the storage contract ({@code io.prolly.tck},
 * extend {@code NodeStoreContract}) and the repository suite ({@code io.prolly.tck.repository},
 * extend {@code RepositoryContract}). Open, because test engines reach the rules reflectively.
 */
open module io.prolly.tck {
  requires transitive io.prolly.core;
  requires transitive net.jqwik.api;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;

  exports io.prolly.tck;
  exports io.prolly.tck.repository;
}
