package io.prolly.cli;

import io.prolly.Codecs;
import io.prolly.LiveStore;
import io.prolly.Repository;

/**
 * The checked-out branch, which commands use when no branch or revision is given. Like git's
 * {@code HEAD} it lives in the repository, here in a live store (a history-free store that
 * {@code branches}, {@code log} and bundles do not show) named {@value #STORE}. Before any
 * {@code checkout} it is {@value #DEFAULT_BRANCH}.
 */
final class Head {

  private static final String STORE = "prolly-cli";
  private static final String DEFAULT_BRANCH = "main";
  private static final String KEY = "HEAD";

  private Head() {}

  static String branch(Repository repository) {
    return store(repository).getOrDefault(KEY, DEFAULT_BRANCH);
  }

  static void checkout(Repository repository, String branch) {
    store(repository).set(KEY, branch);
  }

  private static LiveStore<String> store(Repository repository) {
    return repository.live(STORE, Codecs.utf8());
  }
}
