package io.prolly.tck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * What the rule groups of the storage contract and of the repository suite share: the backend
 * under test, and the directories and stores (or repositories) one try creates, closed and
 * deleted when the try ends. Cleaning up also runs before each try and after each property, so a
 * try cut short leaves nothing behind for the next one.
 *
 * <p>Public only because the repository suite lives in its own package. A backend's test extends
 * {@link NodeStoreContract} or {@link io.prolly.tck.repository.RepositoryContract}, never this
 * class. Not thread-safe: a try opens and registers from one thread.
 *
 * @param <T> what the rules open: stores or repositories
 */
public abstract class TryResources<T extends AutoCloseable> {

  private final BackendFixture fixture;
  private final String kind;
  private final OpenStores<T> opened = new OpenStores<>();
  private final List<Path> directories = new ArrayList<>();

  /**
   * Creates the bookkeeping for one group of rules.
   *
   * @param fixture the backend under test
   * @param kind what the rules open, as a failure to close it names it ("store", "repository")
   */
  protected TryResources(BackendFixture fixture, String kind) {
    this.fixture = fixture;
    this.kind = kind;
  }

  /**
   * Returns the backend under test.
   *
   * @return the fixture the rules were created with
   */
  protected final BackendFixture fixture() {
    return fixture;
  }

  /**
   * Creates a new, empty directory, deleted when the try ends.
   *
   * @param prefix the start of the directory's name
   * @return the new directory
   * @throws java.io.UncheckedIOException if it cannot be created
   */
  protected final Path newDirectory(String prefix) {
    Path directory = TestDirectories.create(prefix);
    directories.add(directory);
    return directory;
  }

  /**
   * Remembers something the try opened, to close it when the try ends.
   *
   * @param resource what was opened
   * @param <S> its type
   * @return {@code resource}
   */
  protected final <S extends T> S closeAfterTry(S resource) {
    opened.add(resource);
    return resource;
  }

  @BeforeTry
  final void startTry() {
    cleanUp();
  }

  @AfterTry
  final void finishTry() {
    cleanUp();
  }

  @AfterProperty
  final void finishProperty() {
    cleanUp();
  }

  /** Closes everything opened, deletes every directory, then reports a failure to close. */
  private void cleanUp() {
    RuntimeException failure = opened.closeAll();
    directories.forEach(TestDirectories::delete);
    directories.clear();
    if (failure != null) {
      throw new AssertionError("closing a " + kind + " failed", failure);
    }
  }
}
