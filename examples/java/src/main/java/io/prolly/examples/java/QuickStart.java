package io.prolly.examples.java;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's quick start: commit, branch, diff, merge and time travel in a repository file. */
public final class QuickStart {

  public static void main(String[] args) throws IOException {
    run(Files.createTempDirectory("prolly").resolve("app.prolly"), System.out);
  }

  static void run(Path file, PrintStream out) {
    try (Repository repo = Prolly.open(file)) {               // or Prolly.open("lmdb:/var/lib/app")
      Store<String> main = repo.store("main", Codecs.utf8()); // a typed working copy of branch main
      main.set("greeting", "hello");
      main.set("subject", "world");
      main.commit("first");                                   // atomic: all staged writes or none

      repo.createBranch("feature", "main");                  // a branch is one ref write
      Store<String> feature = repo.store("feature", Codecs.utf8());
      feature.set("greeting", "bonjour");
      feature.remove("subject");
      feature.commit("in French");
      repo.diff("main", "feature", Codecs.utf8()).forEach(out::println);
      // ~ greeting: hello -> bonjour
      // - subject (was world)

      repo.merge("feature", "main");                          // main had not moved: fast-forward
      main.refresh();                                         // let the working copy see it
      out.println(main.get("greeting") + ", " + main.contains("subject")); // bonjour, false
      out.println(repo.snapshot("main~1", Codecs.utf8()).get("greeting")); // time travel: hello
    }
  }
}
