package io.prolly;

/**
 * Hears how far a repository's long operations have come, for a progress display: garbage
 * collection, clone, copy, push and pull. Set one with {@link Repository#setProgressListener}.
 *
 * <p>Called on the thread that runs the operation, every few hundred nodes, so it should return
 * quickly; with several threads running operations at once it is called concurrently. An
 * exception it throws ends the operation like any failure of it: nothing is written that the
 * operation would not have written up to there.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Hears nothing; the default. */
  ProgressListener NONE = (operation, phase, done, total) -> { };

  /**
   * Reports progress.
   *
   * @param operation {@code gc}, {@code clone}, {@code copy}, {@code push} or {@code pull}
   * @param phase what the operation does now: {@code marking} or {@code sweeping} (gc),
   *     {@code looking} (finding what the receiver lacks) or {@code sending} (transfers)
   * @param done nodes done in this phase so far; never decreasing within a phase
   * @param total nodes the phase will do, or -1 while that is not known
   */
  void progress(String operation, String phase, long done, long total);
}
