package consumer;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.repository.RepositoryContract;
import java.nio.file.Path;

/**
 * A backend author's one-class repository suite, compiled against the published TCK jars. Its
 * name leaves it out of this build's test run on purpose: the backend modules run the suites, and
 * here it only has to compile.
 */
class FileRepositorySuite extends RepositoryContract {

  @Override
  public BackendProvider provider() {
    return BackendFixture.registered("file");
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("file").location(directory.resolve("store.prolly").toString()).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }
}
