package io.prolly;

import static io.prolly.HostileBody.body;
import static io.prolly.HostileRequest.post;
import static io.prolly.HostileRequest.ref;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile push headers: unknown flags, too few or too many refs, ref names empty, too long,
 * traversing, not UTF-8 or outside branches and tags, a ref named twice or deleted, a header cut
 * short.
 */
class RemoteHostilePushHeaderTest extends RemoteHostileRequests {

  @Override
  List<HostileRequest> cases(HostileServer server) {
    Hash head = server.head;
    Hash older = server.older;
    List<HostileRequest> cases = new ArrayList<>();
    // Push headers.
    cases.add(post("push with unknown flags", "push", body(out -> out.writeByte(0x80)), 400, "unknown flags"));
    cases.add(post("push moving no ref", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(0);
    }), 400, "moves 0 refs"));
    cases.add(post("push moving too many refs", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1025);
    }), 400, "moves 1025 refs"));
    cases.add(post("push with an empty ref name", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      out.writeShort(0);
    }), 400, "claims 0 bytes"));
    cases.add(post("push with a ref name over the limit", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/" + "b".repeat(59));
    }), 400, "claims 65 bytes; names have 1 to 64"));
    cases.add(post("push with a ref name of 65535 bytes", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      out.writeShort(65535);
    }), 400, "claims 65535 bytes"));
    cases.add(post("push with a traversing ref name", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/../x");
    }), 400, ".."));
    cases.add(post("push with a ref name of invalid UTF-8", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      out.writeShort(5);
      out.write(new byte[] {(byte) 0xC3, 0x28, 'a', 'b', 'c'});
    }), 400, "not valid UTF-8"));
    cases.add(post("push to a ref neither branch nor tag", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "refs/secret");
    }), 400, "neither a branch"));
    cases.add(post("push naming a ref twice", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(2);
      for (int i = 0; i < 2; i++) {
        ref(out, "heads/main");
        out.write(head.toBytes());
        out.write(older.toBytes());
      }
    }), 400, "names heads/main twice"));
    cases.add(post("push deleting a ref", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/main");
      out.write(head.toBytes());
      out.write(new byte[32]);
    }), 400, "deleting refs by push is not supported"));
    cases.add(post("push cut inside the header", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/main");
      out.write(new byte[10]);
    }), 400, "ended early"));
    return cases;
  }
}
