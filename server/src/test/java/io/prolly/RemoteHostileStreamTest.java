package io.prolly;

import static io.prolly.HostileBody.EMPTY;
import static io.prolly.HostileBody.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.RemoteException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.TreeNodes;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile answers to a clone's {@code stream} request, written byte by byte by a scripted server:
 * each refused by the client with a message, which keeps no ref and only checked nodes whose
 * subtrees are complete; and the stream as the real server sends it, which clones.
 */
class RemoteHostileStreamTest {

  /** A node of a stream answer. */
  private record Frame(Hash id, byte[] node) {}

  /** A hostile answer to a clone's stream request, and what the client must say about it. */
  private record StreamCase(String name, int status, HostileBody answer, String message) {}

  private static HostileBody frames(List<Frame> frames, boolean end, HostileBody.Writer then) {
    return body(out -> {
      for (Frame frame : frames) {
        out.write(frame.id().toBytes());
        out.writeInt(frame.node().length);
        out.write(frame.node());
      }
      if (end) {
        out.write(new byte[32]);
      }
      then.write(out);
    });
  }

  private static HostileBody frames(List<Frame> frames) {
    return frames(frames, true, out -> { });
  }

  private static List<Frame> parse(byte[] stream) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream));
    List<Frame> frames = new ArrayList<>();
    while (true) {
      byte[] id = new byte[32];
      in.readFully(id);
      if (Arrays.equals(id, new byte[32])) {
        return frames;
      }
      byte[] node = new byte[in.readInt()];
      in.readFully(node);
      frames.add(new Frame(Hash.fromBytes(id), node));
    }
  }

  private static List<Frame> without(List<Frame> frames, int index) {
    List<Frame> left = new ArrayList<>(frames);
    left.remove(index);
    return left;
  }

  /** The index of the first tree node whose first child came before it, and of that child. */
  private static int[] nodeAndChild(List<Frame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (!NodeLinks.isCommit(frames.get(i).node())) {
        List<Hash> links = TreeNodes.references(frames.get(i).id(), frames.get(i).node());
        for (int j = 0; j < i && !links.isEmpty(); j++) {
          if (frames.get(j).id().equals(links.get(0))) {
            return new int[] {i, j};
          }
        }
      }
    }
    throw new AssertionError("no tree node with a child in the stream");
  }

  private List<StreamCase> streamCases(List<Frame> frames) {
    int internal = nodeAndChild(frames)[0];
    int child = nodeAndChild(frames)[1];
    Frame first = frames.get(0);
    Frame last = frames.get(frames.size() - 1);
    assertThat(NodeLinks.isCommit(last.node())).as("the stream ends with the head commit").isTrue();
    List<Frame> prefix = frames.subList(0, internal);
    byte[] flipped = first.node().clone();
    flipped[flipped.length - 1] ^= 1;
    byte[] malformedTree = new byte[64];
    Arrays.fill(malformedTree, (byte) 0x7f);
    byte[] malformedCommit = "PCMT and then nothing a commit holds".getBytes(StandardCharsets.US_ASCII);
    List<Frame> reversed = new ArrayList<>(frames);
    java.util.Collections.reverse(reversed);
    List<StreamCase> cases = new ArrayList<>();
    cases.add(new StreamCase("stream node whose bytes do not hash to its id", 200,
        frames(List.of(new Frame(first.id(), flipped))), "hashes to"));
    cases.add(new StreamCase("stream node under another node's id", 200,
        frames(List.of(new Frame(frames.get(1).id(), first.node()))), "hashes to"));
    cases.add(new StreamCase("stream node of length 2^31-1", 200, frames(prefix, false, out -> {
      out.write(first.id().toBytes());
      out.writeInt(Integer.MAX_VALUE);
    }), "claims 2147483647 bytes"));
    cases.add(new StreamCase("stream node of negative length", 200, frames(prefix, false, out -> {
      out.write(first.id().toBytes());
      out.writeInt(-1);
    }), "claims 4294967295 bytes"));
    cases.add(new StreamCase("stream node over the node size limit", 200, frames(prefix, false, out -> {
      out.write(first.id().toBytes());
      out.writeInt(RemoteProtocol.MAX_NODE_SIZE + 1);
    }), "claims " + (RemoteProtocol.MAX_NODE_SIZE + 1) + " bytes"));
    cases.add(new StreamCase("stream cut inside a node", 200, frames(prefix, false, out -> {
      Frame next = frames.get(internal);
      out.write(next.id().toBytes());
      out.writeInt(next.node().length);
      out.write(next.node(), 0, next.node().length / 2);
    }), "cut off"));
    cases.add(new StreamCase("stream cut inside an id", 200,
        frames(prefix, false, out -> out.write(frames.get(internal).id().toBytes(), 0, 10)), "cut off"));
    cases.add(new StreamCase("stream cut inside a length", 200, frames(prefix, false, out -> {
      out.write(frames.get(internal).id().toBytes());
      out.writeShort(0);
    }), "cut off"));
    cases.add(new StreamCase("stream without its end frame", 200, frames(frames, false, out -> { }), "cut off"));
    cases.add(new StreamCase("empty stream answer", 200, EMPTY, "cut off"));
    cases.add(new StreamCase("bytes after the end frame", 200, frames(frames, true, out -> out.writeByte(0)),
        "more data follows"));
    cases.add(new StreamCase("stream sending parents before children", 200, frames(reversed), "before node"));
    cases.add(new StreamCase("stream leaving out a child", 200, frames(without(frames, child)), "before node"));
    cases.add(new StreamCase("stream of the head commit alone", 200, frames(List.of(last)), "before node"));
    cases.add(new StreamCase("stream without the wanted commit", 200,
        frames(frames.subList(0, frames.size() - 1)), "without commit " + last.id().toShortHex()));
    cases.add(new StreamCase("stream with a malformed tree node", 200,
        frames(List.of(new Frame(Hash.of(malformedTree), malformedTree))), "malformed node"));
    cases.add(new StreamCase("stream with a malformed commit", 200,
        frames(List.of(new Frame(Hash.of(malformedCommit), malformedCommit))), "malformed node"));
    cases.add(new StreamCase("stream answered with an error", 500,
        () -> "out of order".getBytes(StandardCharsets.UTF_8), "HTTP 500"));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> eachHostileStreamAnswerIsRefusedByTheCloneWhichKeepsOnlyCheckedCompleteSubtrees()
      throws IOException {
    Repository source = Prolly.open("memory:");
    RemoteSyncTest.commit(source, "main", 0, 3000);
    RemoteSyncTest.commit(source, "main", 3000, 100);
    Set<Hash> sourceNodes = new HashSet<>();
    try (ReadTransaction tx = source.nodeStore().beginRead()) {
      tx.forEachNode(sourceNodes::add);
    }
    ScriptedServer server = new ScriptedServer(source);
    byte[] real = server.real("POST", "stream", "fetch, stream", body(out -> {
      out.writeInt(1);
      out.write(source.resolve("main").toBytes());
      out.writeInt(0);
    }).bytes());
    List<StreamCase> cases = streamCases(parse(real));
    assertThat(cases.stream().map(StreamCase::name).distinct()).hasSameSizeAs(cases);
    return Stream.concat(
        cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          server.script("stream", new ScriptedServer.Answer(c.status(), c.answer().bytes()));
          try (Repository clone = Prolly.open("memory:")) {
            assertThatThrownBy(() -> clone.transfer().cloneFrom(server.remote()))
                .isInstanceOf(RemoteException.class).hasMessageContaining(c.message());
            assertThat(clone.branches()).isEmpty();
            assertThat(clone.tags()).isEmpty();
            RemoteSyncTest.assertNoDanglingNodes(clone);
            try (ReadTransaction tx = clone.nodeStore().beginRead()) {
              tx.forEachNode(id -> assertThat(sourceNodes).as("a node stored that the source does not hold")
                  .contains(id));
            }
            assertThat(clone.maintenance().verify().problems()).isEmpty();
          }
        })),
        Stream.of(DynamicTest.dynamicTest("the stream as the server sends it clones", () -> {
          server.script("stream", new ScriptedServer.Answer(200, real));
          try (Repository clone = Prolly.open("memory:")) {
            clone.transfer().cloneFrom(server.remote());
            assertThat(clone.branches()).isEqualTo(source.branches());
            Set<Hash> stored = new HashSet<>();
            try (ReadTransaction tx = clone.nodeStore().beginRead()) {
              tx.forEachNode(stored::add);
            }
            assertThat(stored).containsAll(sourceNodes);
            try (Repository recordsOnlyOrigin = Prolly.open("memory:")) {
              recordsOnlyOrigin.remotes().add(Remotes.ORIGIN, server.remote().uri());
              assertThat(stored.size() - sourceNodes.size()).as("nodes besides the source's: the origin recorded")
                  .isEqualTo(RemoteSyncTest.nodeCount(recordsOnlyOrigin));
            }
          }
          server.close();
          source.close();
        })));
  }
}
