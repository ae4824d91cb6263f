package io.prolly.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RefNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature/login", "v1.0", "release-2026.11", "über/straße", "雪", "a/b/c", "x.y", "@x"})
  void acceptsGitStyleNames(String name) {
    assertThat(RefNames.branchRef(name)).isEqualTo("heads/" + name);
    assertThat(RefNames.tagRef(name)).isEqualTo("tags/" + name);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|it is empty",
      "a..b|contains '..'",
      "/main|starts or ends with '/'",
      "main/|starts or ends with '/'",
      "a//b|contains '//'",
      "main.|ends with '.'",
      ".hidden|starts with '.'",
      "a/.b|starts with '.'",
      "main.lock|ends with '.lock'",
      "@|reserved",
      "a@{1}|contains '@{'",
      "with space|contains ' '",
      "main~1|contains '~'",
      "main^2|contains '^'",
      "a:b|contains ':'",
      "what?|contains '?'",
      "star*|contains '*'",
      "[x]|contains '['",
      "back\\slash|contains '\\'",
  })
  void rejectsWhatGitRejectsSayingWhy(String name, String reason) {
    assertThatThrownBy(() -> RefNames.branchRef(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid branch name")
        .hasMessageContaining(reason);
  }

  @org.junit.jupiter.api.Test
  void rejectsControlCharactersLoneSurrogatesNullAndOverlongNames() {
    assertThatThrownBy(() -> RefNames.tagRef("tab\tname")).hasMessageContaining("control character at index 3");
    assertThatThrownBy(() -> RefNames.tagRef("del\u007f")).hasMessageContaining("control character");
    assertThatThrownBy(() -> RefNames.tagRef("x\uD800")).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> RefNames.tagRef(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> RefNames.tagRef("a".repeat(RefNames.MAX_BYTES + 1))).hasMessageContaining("UTF-8 bytes");
    assertThat(RefNames.tagRef("a".repeat(RefNames.MAX_BYTES))).hasSize(RefNames.MAX_BYTES + 5);
    assertThat(RefNames.tagRef("\uD83D\uDE00")).isEqualTo("tags/\uD83D\uDE00");
  }

  @ParameterizedTest
  @CsvSource({"branch,remotes/origin/main,remotes/", "tag,fetched/main,fetched/", "branch,remotes/x,remotes/"})
  void aNewBranchOrTagMayNotHideTheRefsFetchesRecord(String kind, String name, String prefix) {
    assertThatThrownBy(() -> RefNames.checkNew(kind, name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid name for a new " + kind).hasMessageContaining("starting with '" + prefix
            + "'").hasMessageContaining("Pick another name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"remotes", "fetched", "my/remotes/x", "remotesx/y", "origin/main"})
  void namesThatOnlyLookLikeThoseRefsAreNewNamesToo(String name) {
    assertThat(RefNames.checkNew("branch", name)).isEqualTo(name);
  }

  @org.junit.jupiter.api.Test
  void checkNewKeepsEveryRuleOfCheck() {
    assertThatThrownBy(() -> RefNames.checkNew("branch", "a..b")).hasMessageContaining("not a valid branch name");
  }
}
