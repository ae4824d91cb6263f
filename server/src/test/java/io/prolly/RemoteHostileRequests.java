package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests of one concern, written byte by byte against a real server ({@link
 * HostileServer}): each refused with the right status and a message that says what was wrong, the
 * target repository's refs and nodes unchanged. A subclass gives the cases.
 */
abstract class RemoteHostileRequests {

  private HostileServer server;

  @BeforeEach
  void serve() {
    server = new HostileServer();
  }

  @AfterEach
  void close() {
    server.close();
  }

  /** The hostile requests of this concern, against {@code server}'s target. */
  abstract List<HostileRequest> cases(HostileServer server);

  @TestFactory
  Stream<DynamicTest> eachHostileRequestIsRefusedWithItsStatusAndMessageAndChangesNothing() {
    List<HostileRequest> cases = cases(server);
    assertThat(cases).isNotEmpty();
    assertThat(cases.stream().map(HostileRequest::name).distinct()).hasSameSizeAs(cases);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> server.check(c)));
  }
}
