package io.prolly;

import static io.prolly.HostileBody.EMPTY;
import static io.prolly.HostileRequest.get;
import static io.prolly.HostileRequest.headers;
import static io.prolly.HostileRequest.v1;
import static io.prolly.HostileRequest.writer;
import static io.prolly.HostileServer.READER;

import java.util.ArrayList;
import java.util.List;

/**
 * Hostile requests that get the protocol version, the capabilities, the path or the method wrong:
 * traversal, encodings, unknown repositories and operations.
 */
class RemoteHostileVersionsAndPathsTest extends RemoteHostileRequests {

  @Override
  List<HostileRequest> cases(HostileServer server) {
    List<HostileRequest> cases = new ArrayList<>();
    // Versions and capabilities.
    cases.add(get("no protocol version", "/repo/refs", headers(), 400, "names none"));
    cases.add(get("protocol version 2", "/repo/refs", headers("Prolly-Protocol", "2"), 400, "asks for version '2'"));
    cases.add(get("protocol version 0", "/repo/refs", headers("Prolly-Protocol", "0"), 400, "asks for version '0'"));
    cases.add(get("protocol version not a number", "/repo/refs", headers("Prolly-Protocol", "one"), 400,
        "asks for version 'one'"));
    cases.add(get("unknown capability", "/repo/refs", v1("Prolly-Capabilities", "fetch, zstd"), 400,
        "unknown capability 'zstd'"));
    cases.add(get("unknown capability alone", "/repo/refs", v1("Prolly-Capabilities", "partial-clone"), 400,
        "unknown capability 'partial-clone'"));
    cases.add(get("push capability with a read token", "/repo/refs", v1("Prolly-Capabilities", "push",
        "Authorization", "Bearer " + READER), 403, "token 'reader' may read 'repo' but not push"));
    // Paths: traversal, encodings, unknown names and operations, methods.
    cases.add(get("dot-dot before the name", "/../repo/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("encoded dot-dot", "/%2e%2e/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("name starting with a dot", "/.repo/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("dot-dot after the name", "/repo/../refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("encoded slash in the name", "/a%2Fb/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("encoded NUL in the name", "/repo%00/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("backslash traversal", "/..%5Crepo/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("a third path segment", "/repo/refs/extra", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("a path over the length limit", "/" + "a".repeat(200) + "/refs", v1(), 414, "206 characters"));
    cases.add(get("unknown repository", "/nothing/refs", v1(), 404, "no repository named 'nothing'"));
    cases.add(get("repository names are case-sensitive", "/REPO/refs", v1(), 404, "no repository named 'REPO'"));
    cases.add(get("unknown operation", "/repo/secrets", v1(), 404, "no operation 'secrets'"));
    cases.add(get("push by GET", "/repo/push", writer(), 405, "push takes POST, not GET"));
    cases.add(new HostileRequest("refs by POST", true, "POST", "/repo/refs", v1(), EMPTY, 405, "refs takes GET, not POST"));
    cases.add(new HostileRequest("refs by DELETE", true, "DELETE", "/repo/refs", v1(), EMPTY, 405, "not DELETE"));
    cases.add(new HostileRequest("nodes by PUT", true, "PUT", "/repo/nodes", v1(), EMPTY, 405, "nodes takes POST, not PUT"));
    return cases;
  }
}
