/** Prolly's LMDB storage backend (scheme {@code lmdb}): a memory-mapped B+tree, through lmdbjava. */
module io.prolly.backend.lmdb {
  requires io.prolly.api;
  requires lmdbjava;
  // jnr-ffi, which lmdbjava calls, generates its bindings with ASM but is an automatic module, so
  // nothing would resolve ASM's explicit module on the module path: this backend asks for it.
  requires org.objectweb.asm;

  exports io.prolly.backend.lmdb;

  provides io.prolly.spi.BackendProvider with io.prolly.backend.lmdb.LmdbBackendProvider;
}
