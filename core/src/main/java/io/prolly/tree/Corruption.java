package io.prolly.tree;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;

/** Builds the exception for one damaged node, with the message every reader of nodes gives. */
@FunctionalInterface
interface Corruption {

  /** Returns the exception for the node, saying what is wrong with it. */
  CorruptNodeException because(String message);

  static Corruption of(Hash id) {
    return message -> new CorruptNodeException(id, "node " + id + " is corrupt: " + message
        + "; the store is damaged, restore it from a copy or run a verification to find every damaged node");
  }
}
