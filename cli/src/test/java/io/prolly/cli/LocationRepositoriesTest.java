package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Repository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocationRepositoriesTest {

  @TempDir
  Path dir;

  private final Repositories repositories = Repositories.byLocation();

  @Test
  void a_plain_path_is_the_file_backend_and_created_only_when_asked() {
    Path file = dir.resolve("a.prolly");
    assertThatThrownBy(() -> repositories.open(file.toString(), false)).isInstanceOf(UserException.class)
        .hasMessageContaining("prolly init");
    assertThat(file).doesNotExist();
    Repository created = repositories.open(file.toString(), true);
    assertThat(created.toString()).contains("file:");
    repositories.release(created);
    assertThat(file).exists();
    repositories.release(repositories.open(file.toString(), false));
  }

  @Test
  void a_file_uri_is_checked_like_a_path() {
    assertThatThrownBy(() -> repositories.open("file:" + dir.resolve("b.prolly"), false))
        .isInstanceOf(UserException.class);
  }

  @Test
  void a_uri_names_its_backend() {
    Repository memory = repositories.open("memory:", false);
    assertThat(memory.toString()).contains("memory:");
    repositories.release(memory);
    Repository lmdb = repositories.open("lmdb:" + dir.resolve("lmdb"), true);
    assertThat(lmdb.toString()).contains("lmdb:");
    repositories.release(lmdb);
  }
}
