package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreOption;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;
import net.jqwik.api.Example;

/** The provider is found by ServiceLoader and describes itself properly. */
abstract class ProviderRules extends ContractBase {

  ProviderRules(BackendFixture fixture) {
    super(fixture);
  }

  /** META-INF/services/io.prolly.spi.BackendProvider lists the backend's provider. */
  @Contract(value = "A backend jar lists its implementation in META-INF/services/io.prolly.spi.BackendProvider, and "
      + "it has a public no-argument constructor (BackendProvider).",
      catches = "a missing or misspelt services file, or a module-info without 'provides "
      + "io.prolly.spi.BackendProvider with ...'")
  @Example
  void required_providerIsRegisteredForServiceLoader() {
    Class<?> providerClass = fixture().provider().getClass();
    assertThat(ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::type))
        .as("providers found by ServiceLoader").contains(providerClass.asSubclass(BackendProvider.class));
  }

  /** The scheme is a lowercase word, the store config uses it, and option names are unique. */
  @Contract(value = "scheme() is a lowercase word matching the store location's scheme; options() lists the "
      + "supported options, each name once and none named durability (BackendProvider).",
      catches = "a scheme with capitals, or an option declared twice or redefining durability")
  @Example
  void required_schemeAndOptionsAreWellFormed() {
    BackendProvider provider = fixture().provider();
    assertThat(provider.scheme()).as("scheme").matches("[a-z][a-z0-9+.-]*");
    assertThat(fixture().config(java.nio.file.Path.of("unused")).scheme()).as("scheme of the fixture's config")
        .isEqualTo(provider.scheme());
    assertThat(provider.description()).as("description").isNotBlank();
    Set<String> names = new HashSet<>();
    for (StoreOption<?> option : provider.options()) {
      assertThat(names.add(option.name())).as("option %s declared once", option.name()).isTrue();
      assertThat(option.name()).as("a backend option does not redefine durability").isNotEqualTo("durability");
      assertThat(option.description()).as("description of option %s", option.name()).isNotBlank();
    }
  }

  /** {@code open(null)} fails with an IllegalArgumentException naming the configuration, opening nothing. */
  @Contract(value = "open throws IllegalArgumentException if config is null (BackendProvider.open).",
      catches = "open(null) failing with a NullPointerException deep inside, or opening a default store")
  @Example
  void required_openRejectsANullConfiguration() {
    assertThatThrownBy(() -> fixture().provider().open(null)).as("open(null)")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config");
  }
}
