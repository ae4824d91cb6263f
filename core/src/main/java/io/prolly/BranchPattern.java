package io.prolly;

import io.prolly.spi.support.Arguments;
import java.util.regex.Pattern;

/**
 * A glob over branch names, as git's ref patterns: {@code *} matches within one segment between
 * slashes, {@code **} across segments, {@code ?} one character; anything else matches itself.
 * {@code main}, {@code release/*}, {@code **}.
 *
 * @param glob the pattern as written
 */
record BranchPattern(String glob, Pattern regex) {

  static BranchPattern of(String glob) {
    Arguments.notNull(glob, "branchPattern");
    Arguments.check(!glob.isEmpty(), "branchPattern is empty; use a branch name such as main, a glob such as "
        + "release/*, or ** for every branch");
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new BranchPattern(glob, Pattern.compile(regex.toString()));
  }

  boolean matches(String branch) {
    return regex.matcher(branch).matches();
  }

  @Override
  public String toString() {
    return glob;
  }
}
