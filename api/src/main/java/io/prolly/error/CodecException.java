package io.prolly.error;

import io.prolly.error.CodecException;
import io.prolly.error.ProllyException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when stored bytes cannot be decoded by the codec asked to read them: the value was
 * written with another codec, or by a version of a class that no longer matches.
 */
public class CodecException extends ProllyException {

  /**
   * Creates the exception.
   *
   * @param message which codec failed on what, and what to check
   * @param cause the decoder's own failure, if any
   */
  public CodecException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
