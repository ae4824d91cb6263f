package io.prolly.tck;

import io.prolly.error.ProllyException;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.Snapshot;
import io.prolly.spi.support.Arguments;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately careless persistent backend for the TCK's self-tests: it rewrites one plain
 * file in place at every commit, with no checksum, no atomic replace and no sync. The crash and
 * corruption contracts must catch it.
 */
final class UnprotectedFileBackend implements BackendProvider {

  @Override
  public String scheme() {
    return "unprotected";
  }

  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    return new Store(config);
  }

  private static final class Store extends AbstractNodeStore {
    private final Path file;
    private Map<Hash, byte[]> nodes = new HashMap<>();
    private SortedMap<String, Hash> refs = new TreeMap<>();

    Store(StoreConfig config) {
      super(config);
      this.file = config.path();
      if (Files.exists(file)) {
        load();
      }
    }

    @Override
    protected synchronized Snapshot openSnapshot() {
      return new Frozen(new HashMap<>(nodes), new TreeMap<>(refs));
    }

    @Override
    protected synchronized void apply(Changes changes) {
      changes.checkRefs(refs::get);
      Map<Hash, byte[]> newNodes = new HashMap<>(nodes);
      newNodes.putAll(changes.puts());
      changes.deletes().forEach(newNodes::remove);
      SortedMap<String, Hash> newRefs = new TreeMap<>(refs);
      for (Map.Entry<String, RefChange> change : changes.refs().entrySet()) {
        Hash value = change.getValue().value();
        if (value == null) {
          newRefs.remove(change.getKey());
        } else {
          newRefs.put(change.getKey(), value);
        }
      }
      save(newNodes, newRefs);
      nodes = newNodes;
      refs = newRefs;
    }

    @Override
    protected synchronized StoreStats computeStats() {
      long bytes = nodes.values().stream().mapToLong(node -> node.length).sum();
      return StoreStats.of(nodes.size(), bytes, refs.size(), bytes);
    }

    @Override
    protected void closeStorage() {
      // Every commit is already in the file.
    }

    private void save(Map<Hash, byte[]> newNodes, SortedMap<String, Hash> newRefs) {
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
        out.writeInt(newNodes.size());
        for (Map.Entry<Hash, byte[]> node : newNodes.entrySet()) {
          out.write(node.getKey().toBytes());
          out.writeInt(node.getValue().length);
          out.write(node.getValue());
        }
        out.writeInt(newRefs.size());
        for (Map.Entry<String, Hash> ref : newRefs.entrySet()) {
          out.writeUTF(ref.getKey());
          out.write(ref.getValue().toBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void load() {
      try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
        for (int i = in.readInt(); i > 0; i--) {
          Hash id = Hash.fromBytes(in.readNBytes(Hash.LENGTH));
          nodes.put(id, in.readNBytes(in.readInt()));
        }
        for (int i = in.readInt(); i > 0; i--) {
          refs.put(in.readUTF(), Hash.fromBytes(in.readNBytes(Hash.LENGTH)));
        }
      } catch (IOException e) {
        throw new ProllyException("cannot read " + file, e);
      }
    }
  }

  private static final class Frozen implements Snapshot {
    private final Map<Hash, byte[]> nodes;
    private final SortedMap<String, Hash> refs;

    Frozen(Map<Hash, byte[]> nodes, SortedMap<String, Hash> refs) {
      this.nodes = nodes;
      this.refs = refs;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return nodes.get(id);
    }

    @Override
    public boolean contains(Hash id) {
      return nodes.containsKey(id);
    }

    @Override
    public @Nullable Hash ref(String name) {
      return refs.get(name);
    }

    @Override
    public SortedMap<String, Hash> refs(String prefix) {
      SortedMap<String, Hash> matching = new TreeMap<>();
      refs.forEach((name, value) -> {
        if (name.startsWith(prefix)) {
          matching.put(name, value);
        }
      });
      return Collections.unmodifiableSortedMap(matching);
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      nodes.keySet().forEach(action);
    }

    @Override
    public void close() {
      // Nothing to release.
    }
  }
}
