package io.prolly;

/**
 * Hears how far a repository's long operations have come, for a progress display: garbage
 * collection, clone, copy, push and pull. Set one with {@link Repository#setProgressListener}.
 *
 * <p>Called every few hundred nodes (and for transfers over HTTP once per request), so it should
 * return quickly: on the thread that runs the operation, or while a push's body is sent, on the
 * HTTP client's thread that reads it — one call at a time for one operation; with several
 * operations at once it is called concurrently. An exception it throws ends the operation like any
 * failure of it (a push sees it as a failed request): nothing is written that the operation would
 * not have written up to there.
 *
 * <p>Transfers (clone, copy, push, pull and fetch, local or over HTTP) call the five-argument
 * {@link #progress(String, String, long, long, long)} with the bytes moved so far; implement it
 * too to hear them.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Hears nothing; the default. */
  ProgressListener NONE = (operation, phase, done, total) -> { };

  /**
   * Reports progress.
   *
   * @param operation {@code gc}, {@code clone}, {@code copy}, {@code push}, {@code pull} or {@code fetch}
   * @param phase what the operation does now: {@code marking} or {@code sweeping} (gc),
   *     {@code looking} (finding what the receiver lacks), {@code sending} (transfers and pushes)
   *     or {@code receiving} (clones, fetches and pulls over HTTP)
   * @param done nodes done in this phase so far; never decreasing within a phase
   * @param total nodes the phase will do, or -1 while that is not known
   */
  void progress(String operation, String phase, long done, long total);

  /**
   * Reports the progress of a transfer, with the bytes of the nodes moved so far. By default it
   * reports the nodes alone, through {@link #progress(String, String, long, long)}.
   *
   * @param operation as for {@link #progress(String, String, long, long)}
   * @param phase as for {@link #progress(String, String, long, long)}
   * @param done nodes done in this phase so far; never decreasing within a phase
   * @param total nodes the phase will do, or -1 while that is not known
   * @param bytes bytes of the nodes done so far; never decreasing within a phase
   */
  default void progress(String operation, String phase, long done, long total, long bytes) {
    progress(operation, phase, done, total);
  }
}
