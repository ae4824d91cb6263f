package io.prolly;

import static io.prolly.HostileBody.EMPTY;
import static io.prolly.HostileBody.body;
import static io.prolly.HostileRequest.ids;
import static io.prolly.HostileRequest.pushHeader;
import static io.prolly.HostileRequest.v1;
import static io.prolly.HostileServer.OUTSIDER;
import static io.prolly.HostileServer.READER;
import static io.prolly.HostileServer.WRITER;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile requests with a missing, unknown, malformed or too weak token, or one scoped to another
 * repository, on the server where clients without a token may read and on the one where they may
 * do nothing.
 */
class RemoteHostileTokensTest extends RemoteHostileRequests {

  @Override
  List<HostileRequest> cases(HostileServer server) {
    Hash head = server.head;
    Hash older = server.older;
    List<HostileRequest> cases = new ArrayList<>();
    // Tokens and scopes.
    cases.add(new HostileRequest("no token where one is needed", false, "GET", "/repo/refs", v1(), EMPTY, 401,
        "needs a token for 'repo'"));
    cases.add(new HostileRequest("no token, unknown repository", false, "GET", "/nothing/refs", v1(), EMPTY, 401,
        "needs a token"));
    cases.add(new HostileRequest("unknown token", false, "GET", "/repo/refs", v1("Authorization", "Bearer not-a-token-4711"),
        EMPTY, 401, "not valid on this server"));
    cases.add(new HostileRequest("token that is a prefix of a real one", false, "GET", "/repo/refs",
        v1("Authorization", "Bearer " + WRITER.substring(0, 10)), EMPTY, 401, "not valid on this server"));
    cases.add(new HostileRequest("basic authentication", false, "GET", "/repo/refs",
        v1("Authorization", "Basic dXNlcjpwYXNz"), EMPTY, 401, "not 'Bearer TOKEN'"));
    cases.add(new HostileRequest("empty bearer token", false, "GET", "/repo/refs", v1("Authorization", "Bearer  "), EMPTY,
        401, "the bearer token is empty"));
    cases.add(new HostileRequest("huge bearer token", false, "GET", "/repo/refs", v1("Authorization", "Bearer "
        + "x".repeat(5000)), EMPTY, 401, "longer than 4096"));
    cases.add(new HostileRequest("token of another repository", false, "GET", "/repo/refs",
        v1("Authorization", "Bearer " + OUTSIDER), EMPTY, 403, "token 'outsider' grants no access to repository 'repo'"));
    cases.add(new HostileRequest("read token pushes", true, "POST", "/repo/push", v1("Authorization", "Bearer " + READER),
        body(out -> pushHeader(out, "heads/main", head, older)), 403, "may read 'repo' but not push"));
    cases.add(new HostileRequest("read token of one repository reads another", false, "GET", "/other-1/refs",
        v1("Authorization", "Bearer " + READER), EMPTY, 403, "grants no access to repository 'other-1'"));
    cases.add(new HostileRequest("anonymous push where anonymous may read", true, "POST", "/repo/push", v1(),
        body(out -> pushHeader(out, "heads/main", head, older)), 401, "needs a read-write token"));
    cases.add(new HostileRequest("anonymous have where anonymous may do nothing", false, "POST", "/repo/have", v1(),
        body(out -> ids(out, 1)), 401, "needs a token"));
    return cases;
  }
}
