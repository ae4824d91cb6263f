package io.prolly.backend;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ProllyException;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicateSchemeTest {

  @Test
  void twoBackendsClaimingOneSchemeFailLoudlyNamingBoth(@TempDir Path classPathRoot) throws IOException {
    Path services = classPathRoot.resolve("META-INF/services/" + BackendProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, FirstClaimant.class.getName() + "\n" + SecondClaimant.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classPathRoot.toUri().toURL()},
        DuplicateSchemeTest.class.getClassLoader())) {
      assertThatThrownBy(() -> Backends.discover(loader))
          .isInstanceOf(ProllyException.class)
          .hasMessageContaining("two backends claim the scheme 'clash'")
          .hasMessageContaining(FirstClaimant.class.getName())
          .hasMessageContaining(SecondClaimant.class.getName());
    }
  }

  @Test
  void aProviderThatCannotBeLoadedIsReportedWithItsName(@TempDir Path classPathRoot) throws IOException {
    Path services = classPathRoot.resolve("META-INF/services/" + BackendProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.example.MissingProvider\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classPathRoot.toUri().toURL()},
        DuplicateSchemeTest.class.getClassLoader())) {
      assertThatThrownBy(() -> Backends.discover(loader))
          .isInstanceOf(ProllyException.class)
          .hasMessageContaining("cannot be loaded")
          .hasMessageContaining("com.example.MissingProvider");
    }
  }

  /** A provider for the scheme "clash". */
  public static final class FirstClaimant implements BackendProvider {
    @Override
    public String scheme() {
      return "clash";
    }

    @Override
    public NodeStore open(StoreConfig config) {
      throw new UnsupportedOperationException("never opened");
    }
  }

  /** Another provider for the same scheme. */
  public static final class SecondClaimant implements BackendProvider {
    @Override
    public String scheme() {
      return "clash";
    }

    @Override
    public NodeStore open(StoreConfig config) {
      throw new UnsupportedOperationException("never opened");
    }
  }
}
