package io.prolly.spi;

/**
 * How soon a committed transaction is on stable storage. Every level keeps commits atomic; they
 * differ in how many of the latest commits a crash of the machine may take back.
 */
public enum Durability {

  /** A commit returns only after its changes are on stable storage (fsync). The default. */
  IMMEDIATE,

  /**
   * A commit is written at once but synced later, in the background or at close: a crash of the
   * machine may lose the latest commits, but never leaves a half-applied one. A crash of the
   * process alone loses nothing.
   */
  EVENTUAL,

  /**
   * The backend syncs only when it is closed. Fastest; for caches and data that can be rebuilt,
   * since a crash of the machine may lose everything since the last close.
   */
  NONE
}
