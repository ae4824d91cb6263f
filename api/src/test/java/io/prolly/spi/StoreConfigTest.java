package io.prolly.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  private static final StoreOption<Long> MAP_SIZE = StoreOption.ofSize("mapSize", 1L << 30, "the LMDB map size");
  private static final StoreOption<Boolean> COMPRESS = StoreOption.ofBoolean("compress", false, "compress pages");
  private static final StoreOption<Long> FILL_RATE = StoreOption.ofLong("fillRate", 90, "compaction fill rate");

  @Test
  void parsesSchemeLocationAndOptions() {
    StoreConfig config = StoreConfig.parse("lmdb:/var/lib/app?mapSize=4g&durability=eventual");
    assertThat(config.scheme()).isEqualTo("lmdb");
    assertThat(config.location()).isEqualTo("/var/lib/app");
    assertThat(config.path()).isEqualTo(Path.of("/var/lib/app"));
    assertThat(config.options()).containsEntry("mapSize", "4g").containsEntry("durability", "eventual");
    assertThat(config.get(MAP_SIZE)).isEqualTo(4L << 30);
    assertThat(config.durability()).isEqualTo(Durability.EVENTUAL);
  }

  @Test
  void textOptionsComeBackVerbatimOrAsTheirDefault() {
    StoreOption<String> user = StoreOption.ofString("user", "", "the database user");
    assertThat(StoreConfig.parse("jdbc:postgresql://db/app?user=App_1").get(user)).isEqualTo("App_1");
    assertThat(StoreConfig.parse("jdbc:postgresql://db/app").get(user)).isEmpty();
  }

  @Test
  void redactedMasksPasswordsSecretsAndTokensButKeepsTheRest() {
    StoreConfig config = StoreConfig.parse("jdbc:postgresql://app:hunter2@db:5432/app"
        + "?user=app&password=p%26w&sslPassword=k&apiToken=t&clientSecret=s&poolSize=4");
    String redacted = config.redacted();
    assertThat(redacted).isEqualTo("jdbc:postgresql://app:***@db:5432/app"
        + "?apiToken=***&clientSecret=***&password=***&poolSize=4&sslPassword=***&user=app");
    assertThat(redacted).doesNotContain("hunter2", "p%26w", "=k", "=t", "=s&");
    assertThat(config.toString()).as("toString stays the round-trippable form").contains("hunter2", "password=p%26w");
    assertThat(StoreConfig.parse("file:/data/app.prolly?durability=eventual").redacted())
        .as("nothing secret, nothing changed").isEqualTo("file:/data/app.prolly?durability=eventual");
    assertThat(StoreConfig.parse("jdbc:postgresql://db/app?user=app").redacted())
        .as("user information without a password").isEqualTo("jdbc:postgresql://db/app?user=app");
  }

  @Test
  void unsetOptionsHaveTheirDefaults() {
    StoreConfig config = StoreConfig.parse("memory:");
    assertThat(config.location()).isEmpty();
    assertThat(config.durability()).isEqualTo(Durability.IMMEDIATE);
    assertThat(config.get(COMPRESS)).isFalse();
    assertThat(config.get(MAP_SIZE)).isEqualTo(1L << 30);
  }

  @Test
  void tripleSlashFormMeansAnAbsolutePath() {
    assertThat(StoreConfig.parse("file:///data/app.prolly").location()).isEqualTo("/data/app.prolly");
  }

  @Test
  void textFormRoundTripsThroughBuilderAndParse() {
    StoreConfig built = StoreConfig.builder("LMDB")
        .location(Path.of("/tmp/store"))
        .option(MAP_SIZE, 64L << 20)
        .option(COMPRESS, true)
        .durability(Durability.NONE)
        .build();
    assertThat(built.scheme()).isEqualTo("lmdb");
    assertThat(built.toString()).isEqualTo("lmdb:/tmp/store?compress=true&durability=none&mapSize=67108864");
    assertThat(StoreConfig.parse(built.toString())).isEqualTo(built).hasSameHashCodeAs(built);
    assertThat(built.toBuilder().build()).isEqualTo(built);
    assertThat(built.get(MAP_SIZE)).isEqualTo(64L << 20);
    assertThat(built.get(COMPRESS)).isTrue();
  }

  @Test
  void sizesAcceptUnits() {
    assertThat(MAP_SIZE.parse("65536")).isEqualTo(65536);
    assertThat(MAP_SIZE.parse("64k")).isEqualTo(64L << 10);
    assertThat(MAP_SIZE.parse("512MB")).isEqualTo(512L << 20);
    assertThat(MAP_SIZE.parse(" 2 g")).isEqualTo(2L << 30);
    assertThat(MAP_SIZE.parse("1t")).isEqualTo(1L << 40);
  }

  @Test
  void badValuesNameTheOptionAndWhatItExpects() {
    assertThatThrownBy(() -> StoreConfig.parse("lmdb:/x?mapSize=huge").get(MAP_SIZE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option 'mapSize' has value 'huge'; expected a size such as 65536, 64k, 512m or 4g");
    assertThatThrownBy(() -> MAP_SIZE.parse("-1k")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MAP_SIZE.parse("9999999999t")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> COMPRESS.parse("yes")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> FILL_RATE.parse("9.5")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a whole number");
    assertThatThrownBy(() -> StoreConfig.parse("x:?durability=later").durability())
        .hasMessageContaining("one of immediate, eventual, none");
  }

  @Test
  void malformedUrisAreRejected() {
    assertThatThrownBy(() -> StoreConfig.parse("/no/scheme")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no scheme");
    assertThatThrownBy(() -> StoreConfig.parse("1x:/a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with a letter");
    assertThatThrownBy(() -> StoreConfig.parse("file:/a?mapSize")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a value");
    assertThatThrownBy(() -> StoreConfig.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreConfig.builder("file").option("a", "b&c")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreConfig.builder("file").location("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathOfAnEmptyLocationSaysWhatToWrite() {
    assertThatThrownBy(() -> StoreConfig.parse("file:").path())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no location").hasMessageContaining("file:/var/lib/app/store");
  }

  @Test
  void optionNamesAreChecked() {
    assertThatThrownBy(() -> StoreOption.ofLong("1bad", 1, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(MAP_SIZE.name()).isEqualTo("mapSize");
    assertThat(MAP_SIZE.defaultValue()).isEqualTo(1L << 30);
    assertThat(MAP_SIZE.description()).isEqualTo("the LMDB map size");
  }
}
