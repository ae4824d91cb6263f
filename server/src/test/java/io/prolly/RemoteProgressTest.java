package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.server.ProllyServer;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a progress listener hears during clone, fetch and push over HTTP: counts that only grow, totals that match. */
class RemoteProgressTest {

  /** One call of the listener. */
  record Event(String operation, String phase, long done, long total, long bytes) {}

  /** Records the calls of the five-argument method; the four-argument one must not be called by transfers. */
  static final class Recorder implements ProgressListener {
    final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void progress(String operation, String phase, long done, long total) {
      events.add(new Event(operation, phase, done, total, -1));
    }

    @Override
    public synchronized void progress(String operation, String phase, long done, long total, long bytes) {
      events.add(new Event(operation, phase, done, total, bytes));
    }

    synchronized List<Event> of(String operation, String phase) {
      return events.stream().filter(event -> event.operation().equals(operation) && event.phase().equals(phase)).toList();
    }
  }

  @Test
  void cloneFetchAndPushReportNodesAndBytesThatOnlyGrowAndEndAtTheTotals() {
    try (Repository origin = Prolly.inMemory(); Repository clone = Prolly.inMemory();
        ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
            .serve("repo", origin).start()) {
      Remote remote = Prolly.remote(URI.create("http://127.0.0.1:" + server.port() + "/repo"));
      RemoteSyncTest.commit(origin, "main", 0, 3000);

      Recorder cloning = new Recorder();
      clone.setProgressListener(cloning);
      SyncReport cloned = clone.transfer().cloneFrom(remote);
      checkPhase(cloning.of("clone", "receiving"), cloned);
      assertThat(cloning.of("clone", "receiving")).as("reports along the way, not only at the end").hasSizeGreaterThan(3);
      assertThat(cloning.events).allSatisfy(event -> assertThat(event.bytes()).as("bytes told").isNotNegative());

      RemoteSyncTest.commit(origin, "main", 3000, 1500);
      Recorder fetching = new Recorder();
      clone.setProgressListener(fetching);
      SyncReport fetched = clone.transfer().fetch(remote, "main");
      checkPhase(fetching.of("fetch", "receiving"), fetched);

      clone.transfer().pull(remote, "main");
      Store<String> big = clone.store("main", Codecs.utf8());
      for (int i = 0; i < 2000; i++) {
        big.set("big-" + i, i + " ".repeat(1000));
      }
      big.commit("enough nodes to report along the way");
      Recorder pushing = new Recorder();
      clone.setProgressListener(pushing);
      SyncReport pushed = clone.transfer().push(remote, "main");
      List<Event> sending = pushing.of("push", "sending");
      checkPhase(sending, pushed);
      assertThat(sending).as("the total is known before sending").allSatisfy(event ->
          assertThat(event.total()).isEqualTo(pushed.nodesTransferred()));
      assertThat(sending).hasSizeGreaterThan(1);
      List<Event> looking = pushing.of("push", "looking");
      assertThat(looking).isNotEmpty();
      assertThat(looking.stream().mapToLong(Event::done)).isSorted();
      assertThat(pushing.events.indexOf(looking.get(looking.size() - 1))).as("looking comes before sending")
          .isLessThan(pushing.events.indexOf(sending.get(0)));
    }
  }

  private static void checkPhase(List<Event> events, SyncReport report) {
    assertThat(report.nodesTransferred()).isPositive();
    assertThat(events).isNotEmpty();
    assertThat(events.stream().mapToLong(Event::done)).as("nodes never decrease").isSorted();
    assertThat(events.stream().mapToLong(Event::bytes)).as("bytes never decrease").isSorted();
    Event last = events.get(events.size() - 1);
    assertThat(last.done()).isEqualTo(report.nodesTransferred());
    assertThat(last.total()).isEqualTo(report.nodesTransferred());
    assertThat(last.bytes()).isEqualTo(report.bytesTransferred());
    assertThat(events.subList(0, events.size() - 1)).allSatisfy(event ->
        assertThat(event.total()).isIn(-1L, report.nodesTransferred()));
  }
}
