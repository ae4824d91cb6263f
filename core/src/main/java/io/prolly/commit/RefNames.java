package io.prolly.commit;

import io.prolly.spi.RefName;

/**
 * Branch and tag names, and the refs that hold them: branch {@code main} is the ref
 * {@code heads/main}, tag {@code v1} is {@code tags/v1}.
 *
 * <p>The rules follow {@code git check-ref-format}, so names that work in git work here and names
 * stay unambiguous inside revision expressions such as {@code main~2}: segments separated by
 * {@code /}, none empty, none starting with {@code .} or ending with {@code .lock}; no {@code ..},
 * <code>@{</code>, control characters, spaces, or any of <code>~ ^ : ? * [ \</code>; not
 * {@code @} alone; no trailing {@code .}; at most {@value #MAX_BYTES} UTF-8 bytes. Any other Unicode is fine.
 */
public final class RefNames {

  /** The prefix of branch refs. */
  public static final String BRANCHES = "heads/";

  /** The prefix of tag refs. */
  public static final String TAGS = "tags/";

  /**
   * The prefix of the remote-tracking refs, {@code remotes/<remote>/<branch>}: where a fetch, pull
   * or push through a remote configured by name records the remote's branch, as git's
   * {@code refs/remotes/origin/main}.
   */
  public static final String REMOTES = "remotes/";

  /**
   * The prefix of the refs {@code fetched/<branch>}: where a fetch or pull from a repository
   * without a configured name (a URL, a local repository) records its branch, as git's
   * {@code FETCH_HEAD}.
   */
  public static final String FETCHED = "fetched/";

  /** The longest branch or tag name, leaving room in the ref for its prefix. */
  public static final int MAX_BYTES = RefName.MAX_BYTES - 16;

  private RefNames() {}

  /**
   * Returns the ref of a branch.
   *
   * @param branch a branch name such as {@code main} or {@code feature/login}
   * @return {@code heads/} + name
   * @throws IllegalArgumentException if the name breaks a rule; the message says which
   */
  public static String branchRef(String branch) {
    return BRANCHES + check("branch", branch);
  }

  /**
   * Returns the ref of a tag.
   *
   * @param tag a tag name such as {@code v1.0}
   * @return {@code tags/} + name
   * @throws IllegalArgumentException if the name breaks a rule; the message says which
   */
  public static String tagRef(String tag) {
    return TAGS + check("tag", tag);
  }

  /**
   * Checks a branch or tag name.
   *
   * @param kind what the name is, for the message: {@code "branch"} or {@code "tag"}
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException if the name breaks a rule; the message says which
   */
  public static String check(String kind, String name) {
    if (name == null || name.isEmpty()) {
      throw invalid(kind, String.valueOf(name), "it is empty");
    }
    if (Commit.utf8Length(name) > MAX_BYTES) {
      throw invalid(kind, name.substring(0, 40) + "...", "it is over " + MAX_BYTES + " UTF-8 bytes");
    }
    if (name.equals("@")) {
      throw invalid(kind, name, "'@' alone is reserved");
    }
    if (name.startsWith("/") || name.endsWith("/")) {
      throw invalid(kind, name, "it starts or ends with '/'");
    }
    if (name.endsWith(".")) {
      throw invalid(kind, name, "it ends with '.'");
    }
    for (String forbidden : new String[] {"..", "//", "@{"}) {
      if (name.contains(forbidden)) {
        throw invalid(kind, name, "it contains '" + forbidden + "'");
      }
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid(kind, name, "it contains a control character at index " + i);
      }
      if (" ~^:?*[\\".indexOf(c) >= 0) {
        throw invalid(kind, name, "it contains '" + c + "', which has a meaning in revisions and paths");
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw invalid(kind, name, "it contains an unpaired surrogate");
      }
    }
    for (String segment : name.split("/")) {
      if (segment.startsWith(".")) {
        throw invalid(kind, name, "segment '" + segment + "' starts with '.'");
      }
      if (segment.endsWith(".lock")) {
        throw invalid(kind, name, "segment '" + segment + "' ends with '.lock'");
      }
    }
    return name;
  }

  /**
   * Checks the name of a new branch or tag: {@link #check}, and not starting with
   * {@value #REMOTES} or {@value #FETCHED}. Revisions look up branches and tags before other refs,
   * so such a branch would hide the ref of the same name that fetches keep up to date.
   *
   * @param kind what the name is, for the message: {@code "branch"} or {@code "tag"}
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException if the name breaks a rule; the message says which
   */
  public static String checkNew(String kind, String name) {
    check(kind, name);
    for (String reserved : new String[] {REMOTES, FETCHED}) {
      if (name.startsWith(reserved)) {
        throw new IllegalArgumentException("'" + name + "' is not a valid name for a new " + kind + ": names "
            + "starting with '" + reserved + "' are where fetches record other repositories' branches ("
            + REMOTES + "<remote>/<branch>, " + FETCHED + "<branch>), which such a " + kind + " would hide. "
            + "Pick another name; to start one at such a ref, give the ref as its start revision");
      }
    }
    return name;
  }

  private static IllegalArgumentException invalid(String kind, String name, String why) {
    return new IllegalArgumentException(
        "'" + name + "' is not a valid " + kind + " name: " + why + ". Use names like main, feature/login or v1.0");
  }
}
