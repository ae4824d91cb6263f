package io.prolly;

import static io.prolly.HostileBody.EMPTY;
import static io.prolly.HostileBody.body;
import static io.prolly.HostileRequest.changes;
import static io.prolly.HostileRequest.changesAnd;
import static io.prolly.HostileRequest.ids;
import static io.prolly.HostileRequest.post;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile {@code have}, {@code nodes} and {@code commits} requests (also of the {@code changes}
 * capability): counts out of bounds, bodies cut short or with bytes after their end, and wants that
 * no ref names.
 */
class RemoteHostileBatchesTest extends RemoteHostileRequests {

  @Override
  List<HostileRequest> cases(HostileServer server) {
    Hash head = server.head;
    Hash older = server.older;
    Hash nonCommit = server.nonCommit;
    Hash seven = HostileServer.SEVEN;
    List<HostileRequest> cases = new ArrayList<>();
    // Batches: counts out of bounds, truncated, trailing bytes.
    cases.add(post("have of 2^31-1 ids", "have", body(out -> out.writeInt(Integer.MAX_VALUE)), 400, "2147483647 ids"));
    cases.add(post("have of -1 ids", "have", body(out -> out.writeInt(-1)), 400, "4294967295 ids"));
    cases.add(post("have of no ids", "have", body(out -> out.writeInt(0)), 400, "declares 0 ids"));
    cases.add(post("have over the batch limit", "have", body(out -> ids(out, 4097)), 400, "4097 ids; 1 to 4096"));
    cases.add(post("nodes over the batch limit", "nodes", body(out -> ids(out, 4097)), 400, "4097 ids; 1 to 4096"));
    cases.add(post("nodes cut inside an id", "nodes", body(out -> {
      out.writeInt(2);
      out.write(new byte[40]);
    }), 400, "ended early"));
    cases.add(post("have with bytes after the ids", "have", body(out -> {
      out.writeInt(1);
      out.write(new byte[33]);
    }), 400, "more data follows"));
    cases.add(post("have with an empty body", "have", EMPTY, 400, "ended early"));
    cases.add(post("have cut inside the count", "have", () -> new byte[] {0, 0}, 400, "ended early"));
    cases.add(post("commits wanting nothing", "commits", body(out -> out.writeInt(0)), 400, "0 wanted commits"));
    cases.add(post("commits wanting too many", "commits", body(out -> ids(out, 1025)), 400, "1025 wanted commits"));
    cases.add(post("commits knowing too many", "commits", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(65537);
    }), 400, "65537 known commits"));
    cases.add(post("commits wanting a commit no ref names", "commits", body(out -> {
      out.writeInt(1);
      out.write(older.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(post("commits wanting a wrong id", "commits", body(out -> {
      out.writeInt(1);
      out.write(seven.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(post("commits cut after the wants", "commits", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
    }), 400, "ended early"));
    // Commits requests of the changes capability: the same body, the same bounds.
    cases.add(changes("changes: commits wanting a commit no ref names", body(out -> {
      out.writeInt(1);
      out.write(older.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(changes("changes: commits knowing too many", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(65537);
    }), 400, "65537 known commits"));
    cases.add(changes("changes: bytes after the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(1);
      out.write(older.toBytes());
      out.writeByte(0);
    }), 400, "more data follows"));
    cases.add(changes("changes: commits cut inside the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(2);
      out.write(older.toBytes());
    }), 400, "ended early"));
    // A changes list is the server's to send: a request carrying one after the haves is refused.
    cases.add(changes("changes: a list of changed nodes sent after the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(1);
      out.write(older.toBytes());
      RemoteProtocol.writeIds(out, List.of(nonCommit, nonCommit, seven));
    }), 400, "more data follows"));
    cases.add(changes("changes: a huge list of changed nodes sent after the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(0);
      ids(out, RemoteProtocol.MAX_CHANGES + 1);
    }), 400, "more data follows"));
    cases.add(changes("changes: commits wanting no commit", body(out -> {
      out.writeInt(0);
      out.writeInt(0);
    }), 400, "0 wanted commits"));
    cases.add(changes("changes: commits wanting too many", body(out -> ids(out, RemoteProtocol.MAX_WANTS + 1)),
        400, (RemoteProtocol.MAX_WANTS + 1) + " wanted commits"));
    cases.add(changes("changes: commits wanting a node that is no commit", body(out -> {
      out.writeInt(2);
      out.write(head.toBytes());
      out.write(nonCommit.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(new HostileRequest("changes and shallow without the depth", true, "POST", "/repo/commits", changesAnd("shallow"),
        body(out -> {
          out.writeInt(1);
          out.write(head.toBytes());
          out.writeInt(0);
        }), 400, "ended early"));
    return cases;
  }
}
