package io.prolly.server;

/**
 * What a client may do with a served repository: nothing, read it (clone, fetch, pull,
 * {@code ls-remote}), or read and push. A {@link ProllyServer} grants it per token and repository,
 * and to clients without a token through {@link ProllyServer.Builder#anonymous(Access)}.
 */
public enum Access {
  /** No request is answered beyond 401 or 403. */
  NONE,
  /** Every request but a push. */
  READ,
  /** Every request. */
  READ_WRITE;

  /** The name in a token file: {@code none}, {@code read}, {@code read-write}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  static Access parse(String label) {
    for (Access access : values()) {
      if (access.label().equals(label)) {
        return access;
      }
    }
    throw new IllegalArgumentException("'" + label + "' is not a scope; give read or read-write");
  }
}
