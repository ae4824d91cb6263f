package io.prolly;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The bytes of a hostile request or answer, written by hand as the protocol lays them out. */
interface HostileBody {

  /** A body of no bytes. */
  HostileBody EMPTY = () -> new byte[0];

  byte[] bytes() throws IOException;

  /** Writes the bytes of a body. */
  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  /** The body {@code writer} writes. */
  static HostileBody body(Writer writer) {
    return () -> {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      writer.write(out);
      return bytes.toByteArray();
    };
  }
}
