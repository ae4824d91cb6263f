package app;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.error.BackendNotFoundException;
import io.prolly.error.ProllyException;
import io.prolly.spi.BackendProvider;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Lists the backends it finds, with the module each came from, then commits and reads back through
 * every embedded one. Arguments: {@code module} or {@code class} (how it was started), a directory.
 */
public final class Main {

  /** A value type stored through the Kryo codec: its package must be open to Kryo (module-info). */
  public record Item(String name, long priceCents) {}

  private Main() {}

  public static void main(String[] args) {
    boolean modular = args[0].equals("module");
    Path directory = Path.of(args[1]);
    if (Prolly.class.getModule().isNamed() != modular) {
      throw new IllegalStateException("core is in " + Prolly.class.getModule() + ", expected the " + args[0] + " path");
    }
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      Module module = provider.getClass().getModule();
      System.out.println("backend " + provider.scheme() + " in " + (module.isNamed() ? module.getName() : "the unnamed module"));
    }
    for (String scheme : new String[] {"memory", "file", "lmdb", "rocksdb"}) {
      try (Repository repo = Prolly.open(scheme + ":" + directory.resolve(args[0] + "-" + scheme))) {
        Store<String> store = repo.store("main", Codecs.utf8());
        store.set("greeting", scheme);
        store.commit("first");
        System.out.println("committed " + scheme + ", read back " + repo.snapshot("main", Codecs.utf8()).get("greeting"));
      }
    }
    try (Repository repo = Prolly.inMemory()) {
      Store<Item> items = repo.store("main", Codecs.kryo(Item.class));
      items.set("tea", new Item("tea", 350));
      items.commit("kryo");
      System.out.println("kryo read back " + repo.snapshot("main", Codecs.kryo(Item.class)).get("tea"));
    }
    try {
      Prolly.open("jdbc:postgresql://127.0.0.1:9/none?retries=0").close();
    } catch (BackendNotFoundException e) {
      throw e;
    } catch (ProllyException expected) {
      // Nothing listens on port 9: reaching the server is what fails, so the backend was found.
      System.out.println("jdbc found, no server: " + expected.getClass().getSimpleName());
    }
  }
}
