package io.prolly;

import static io.prolly.HostileBody.body;
import static io.prolly.HostileRequest.post;
import static io.prolly.HostileRequest.pushHeader;
import static io.prolly.HostileRequest.ref;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile push bodies after a valid header: node frames whose bytes do not hash to their ids or
 * whose lengths lie, refs to nodes that are missing or are no commit, children sent after their
 * parents, moves that are no fast-forward or lost a race, and a body over the size limit.
 */
class RemoteHostilePushNodesTest extends RemoteHostileRequests {

  @Override
  List<HostileRequest> cases(HostileServer server) {
    Hash head = server.head;
    Hash older = server.older;
    Hash tagged = server.tagged;
    Hash nonCommit = server.nonCommit;
    byte[] foreignCommit = server.foreignCommit;
    Hash foreignCommitId = server.foreignCommitId;
    Hash seven = HostileServer.SEVEN;
    List<HostileRequest> cases = new ArrayList<>();
    // Push frames.
    cases.add(post("node whose bytes do not hash to its id", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(1);
      out.writeByte(8);
      out.write(new byte[32]);
    }), 400, "hashes to"));
    cases.add(post("node of length 2^31-1", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(Integer.MAX_VALUE);
    }), 400, "claims 2147483647 bytes"));
    cases.add(post("node of negative length", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(-5);
    }), 400, "claims 4294967291 bytes"));
    cases.add(post("node over the node size limit", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(65537);
    }), 400, "claims 65537 bytes; nodes have 0 to 65536"));
    cases.add(post("node cut short", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(100);
      out.write(new byte[10]);
    }), 400, "ended early"));
    cases.add(post("push without the end frame", "push", body(out -> pushHeader(out, "heads/main", head, older)),
        400, "ended early"));
    cases.add(post("bytes after the end frame", "push", body(out -> {
      pushHeader(out, "heads/main", head, older);
      out.write(new byte[33]);
    }), 400, "more data follows"));
    cases.add(post("ref pointing at a missing node", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(new byte[32]);
    }), 400, "neither in the push nor in the repository"));
    cases.add(post("new branch pointing at a missing node", "push", body(out -> {
      pushHeader(out, "heads/new", null, seven);
      out.write(new byte[32]);
    }), 400, "neither in the push nor in the repository"));
    cases.add(post("node referring to nodes never sent", "push", body(out -> {
      pushHeader(out, "heads/main", head, foreignCommitId);
      out.write(foreignCommitId.toBytes());
      out.writeInt(foreignCommit.length);
      out.write(foreignCommit);
      out.write(new byte[32]);
    }), 400, "send children before their parents"));
    cases.add(post("ref pointing at a node that is no commit", "push", body(out -> {
      pushHeader(out, "heads/main", head, nonCommit);
      out.write(new byte[32]);
    }), 422, "which is not a commit"));
    cases.add(post("push that is not a fast-forward", "push", body(out -> {
      pushHeader(out, "heads/main", head, older);
      out.write(new byte[32]);
    }), 422, "not a fast-forward"));
    cases.add(post("push moving a tag", "push", body(out -> {
      pushHeader(out, "tags/v1", tagged, head);
      out.write(new byte[32]);
    }), 422, "tags never move without force"));
    cases.add(post("push expecting a stale head", "push", body(out -> {
      pushHeader(out, "heads/main", older, head);
      out.write(new byte[32]);
    }), 409, "lost a race"));
    cases.add(post("push creating a branch that exists", "push", body(out -> {
      pushHeader(out, "heads/main", null, older);
      out.write(new byte[32]);
    }), 409, "lost a race"));
    cases.add(post("push body over the size limit", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(60);
      for (int i = 0; i < 60; i++) {
        ref(out, String.format("heads/branch-%04d", i));
        out.write(new byte[32]);
        out.write(head.toBytes());
      }
      out.write(new byte[32]);
    }), 413, "larger than the 4096 bytes"));
    return cases;
  }
}
