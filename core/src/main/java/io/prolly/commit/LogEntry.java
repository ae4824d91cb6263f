package io.prolly.commit;

import io.prolly.spi.Hash;

/**
 * A commit with its id, as history walks return them.
 *
 * @param id the commit's id
 * @param commit the commit
 */
public record LogEntry(Hash id, Commit commit) {}
