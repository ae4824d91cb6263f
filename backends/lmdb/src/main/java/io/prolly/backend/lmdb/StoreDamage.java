package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;

/** The one wording of the backend's own finds of damage in a store's data file. */
final class StoreDamage {

  private StoreDamage() {}

  /**
   * The exception for damage the backend found.
   *
   * @param location the store's location, as configured
   * @param what what is wrong, as a clause: "the node stored under … does not hash to its key"
   */
  static CorruptStoreException found(String location, String what) {
    return new CorruptStoreException(location, "LMDB store '" + location + "' is damaged: " + what
        + ". Restore it from a backup", null);
  }
}
