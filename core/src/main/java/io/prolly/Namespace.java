package io.prolly;

import java.nio.charset.StandardCharsets;

/**
 * A namespace path: empty for a repository's root namespace, otherwise {@code /}-separated
 * segments, each non-empty, free of control characters. Every namespace is its own tree; the path
 * in UTF-8 is its key in the namespace registry.
 */
record Namespace(String path) {

  static final Namespace ROOT = new Namespace("");

  /** The longest path, in UTF-8 bytes; it is a key of the registry tree. */
  static final int MAX_PATH_BYTES = 1024;

  Namespace {
    if (!path.isEmpty()) {
      checkRelative(path);
    }
  }

  /**
   * Returns the namespace at a path given to the public API: {@code ""} for the root namespace.
   *
   * @throws IllegalArgumentException if the path is null or malformed
   */
  static Namespace ofPath(String path) {
    if (path == null) {
      throw new IllegalArgumentException("namespace path is null; use \"\" for the root namespace");
    }
    return path.isEmpty() ? ROOT : ROOT.resolve(path);
  }

  /**
   * Returns the namespace at a path relative to this one.
   *
   * @throws IllegalArgumentException if the relative path is null, empty or malformed
   */
  Namespace resolve(String relative) {
    checkRelative(relative);
    return new Namespace(path.isEmpty() ? relative : path + "/" + relative);
  }

  /** The namespace this one is nested in; the root's parent is the root. */
  Namespace parent() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? ROOT : new Namespace(path.substring(0, slash));
  }

  boolean isRoot() {
    return path.isEmpty();
  }

  /** Whether {@code other} is nested somewhere below this namespace (not this namespace itself). */
  boolean isAncestorOf(Namespace other) {
    return isRoot() ? !other.isRoot() : other.path.startsWith(path + "/");
  }

  /** The path of a namespace nested below this one, relative to this one. */
  String relativize(Namespace descendant) {
    return isRoot() ? descendant.path : descendant.path.substring(path.length() + 1);
  }

  /** The prefix every registry key of a namespace below this one starts with. */
  byte[] descendantPrefix() {
    return isRoot() ? new byte[0] : (path + "/").getBytes(StandardCharsets.UTF_8);
  }

  byte[] registryKey() {
    return path.getBytes(StandardCharsets.UTF_8);
  }

  static Namespace fromRegistryKey(byte[] key) {
    return new Namespace(new String(key, StandardCharsets.UTF_8));
  }

  /** A key of this namespace as people read it: {@code eu/o-2} for key {@code o-2} of {@code eu}. */
  String qualify(String key) {
    return isRoot() ? key : path + "/" + key;
  }

  @Override
  public String toString() {
    return isRoot() ? "the root namespace" : "namespace '" + path + "'";
  }

  private static void checkRelative(String relative) {
    if (relative == null || relative.isEmpty()) {
      throw new IllegalArgumentException("namespace name is empty; give a name such as \"orders\" or \"eu/orders\"");
    }
    if (relative.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new IllegalArgumentException("namespace '" + relative + "' is over " + MAX_PATH_BYTES + " UTF-8 bytes");
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("namespace '" + relative
            + "' has an empty segment; segments are separated by single '/' with none at either end");
      }
    }
    for (int i = 0; i < relative.length(); i++) {
      if (Character.isISOControl(relative.charAt(i))) {
        throw new IllegalArgumentException("namespace '" + relative.replaceAll("\\p{Cntrl}", "?")
            + "' contains a control character at index " + i);
      }
    }
  }
}
