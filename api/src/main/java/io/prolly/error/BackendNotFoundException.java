package io.prolly.error;

import io.prolly.error.BackendNotFoundException;
import io.prolly.error.ProllyException;
import java.util.List;

/**
 * Thrown when no storage backend on the class path or module path handles the scheme of a store location.
 * The message lists the schemes that were found and the artifact that provides the missing one.
 */
public class BackendNotFoundException extends ProllyException {

  /** The scheme nobody handles. */
  private final String scheme;

  /** The schemes of the backends found. */
  private final List<String> availableSchemes;

  /**
   * Creates the exception.
   *
   * @param scheme the scheme that was asked for
   * @param availableSchemes the schemes of the backends found on the class path
   * @param message what to add to the class path
   */
  public BackendNotFoundException(String scheme, List<String> availableSchemes, String message) {
    super(message);
    this.scheme = scheme;
    this.availableSchemes = List.copyOf(availableSchemes);
  }

  /**
   * Returns the scheme nobody handles.
   *
   * @return the requested scheme
   */
  public String scheme() {
    return scheme;
  }

  /**
   * Returns the schemes that are available.
   *
   * @return the schemes of the backends found, sorted
   */
  public List<String> availableSchemes() {
    return availableSchemes;
  }
}
