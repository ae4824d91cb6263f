package io.prolly;

import static io.prolly.HostileServer.WRITER;

import io.prolly.spi.Hash;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One hostile request and what the server must answer it: the status and a part of the message.
 * {@code anonymousReads} picks the server: the one where clients without a token may read, or the
 * one where they may do nothing (see {@link HostileServer}).
 */
record HostileRequest(String name, boolean anonymousReads, String method, String path, Map<String, String> headers,
    HostileBody body, int status, String message) {

  static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  /** The headers given, and the protocol version. */
  static Map<String, String> v1(String... pairs) {
    Map<String, String> headers = headers(pairs);
    headers.put("Prolly-Protocol", "1");
    return headers;
  }

  /** The protocol version and the read-write token. */
  static Map<String, String> writer() {
    return v1("Authorization", "Bearer " + WRITER);
  }

  static HostileRequest get(String name, String path, Map<String, String> headers, int status, String message) {
    return new HostileRequest(name, true, "GET", path, headers, HostileBody.EMPTY, status, message);
  }

  /** An operation on {@code repo} posted with the read-write token. */
  static HostileRequest post(String name, String operation, HostileBody body, int status, String message) {
    return new HostileRequest(name, true, "POST", "/repo/" + operation, writer(), body, status, message);
  }

  /** A commits request asking for the changes listing. */
  static HostileRequest changes(String name, HostileBody body, int status, String message) {
    Map<String, String> headers = writer();
    headers.put("Prolly-Capabilities", "fetch, changes");
    return new HostileRequest(name, true, "POST", "/repo/commits", headers, body, status, message);
  }

  /** The read-write headers asking for the changes listing and {@code capability}. */
  static Map<String, String> changesAnd(String capability) {
    Map<String, String> headers = writer();
    headers.put("Prolly-Capabilities", "fetch, changes, " + capability);
    return headers;
  }

  /** A ref name as the protocol frames it: its length, then its UTF-8 bytes. */
  static void ref(DataOutputStream out, String name) throws IOException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  /** A push header moving {@code ref} from {@code expected} to {@code value}. */
  static void pushHeader(DataOutputStream out, String ref, @Nullable Hash expected, Hash value) throws IOException {
    out.writeByte(0);
    out.writeShort(1);
    ref(out, ref);
    out.write(expected == null ? new byte[32] : expected.toBytes());
    out.write(value.toBytes());
  }

  /** A list of {@code count} distinct ids that name no node. */
  static void ids(DataOutputStream out, int count) throws IOException {
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.write(Hash.of(new byte[] {(byte) i, (byte) (i >> 8)}).toBytes());
    }
  }
}
