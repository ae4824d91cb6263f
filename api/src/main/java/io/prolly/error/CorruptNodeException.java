package io.prolly.error;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.ProllyException;
import io.prolly.spi.Hash;

/**
 * Thrown when a node read from a store does not hash to its id or cannot be decoded. The node is
 * not used; run a store verification to find every damaged node.
 */
public class CorruptNodeException extends ProllyException {

  /** The id of the damaged node. */
  private final Hash id;

  /**
   * Creates the exception.
   *
   * @param id the id under which the damaged node was stored
   * @param message what is wrong with the node
   */
  public CorruptNodeException(Hash id, String message) {
    super(message);
    this.id = id;
  }

  /**
   * Returns the id of the damaged node.
   *
   * @return the id the node was requested by
   */
  public Hash id() {
    return id;
  }
}
