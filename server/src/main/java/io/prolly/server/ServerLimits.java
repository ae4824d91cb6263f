package io.prolly.server;

import io.prolly.RemoteLimits;
import io.prolly.spi.support.Arguments;
import java.time.Duration;

/**
 * The bounds a {@link ProllyServer} holds every request to, as its builder sets them: requests at
 * once, requests open per client address, the time for the request line and headers and for the
 * rest, and the per-request limits of {@link RemoteLimits} (body, batch, node and ref name sizes,
 * waiting requests). Each value is checked here, once, with the message the builder's setter gives.
 *
 * @param threads requests answered at once, 1 to 1024
 * @param maxRequestsPerClient requests one client address may have open, 1 to 65536, or
 *     {@link #UNLIMITED}
 * @param headerTimeout the time for a request's line and headers, 100 ms to 1 hour
 * @param requestTimeout the time for the rest of a request, 100 ms to 24 hours
 * @param remote the limits each repository's endpoint enforces
 */
record ServerLimits(int threads, int maxRequestsPerClient, Duration headerTimeout, Duration requestTimeout,
    RemoteLimits remote) {

  /** {@link #maxRequestsPerClient} unset: no bound per address. */
  static final int UNLIMITED = 0;

  ServerLimits {
    Arguments.check(threads >= 1 && threads <= 1024, "threads " + threads + " is not 1 to 1024");
    if (maxRequestsPerClient != UNLIMITED) {
      checkPerClient(maxRequestsPerClient);
    }
    Arguments.check(headerTimeout.toMillis() >= 100 && headerTimeout.compareTo(Duration.ofHours(1)) <= 0,
        "header timeout " + headerTimeout + " is not 100 ms to 1 hour");
    Arguments.check(requestTimeout.toMillis() >= 100 && requestTimeout.compareTo(Duration.ofHours(24)) <= 0,
        "request timeout " + requestTimeout + " is not 100 ms to 24 hours");
    Arguments.notNull(remote, "limits");
  }

  /** 8 requests at once, no bound per address, 30 seconds for the headers, 10 minutes for the rest. */
  static ServerLimits defaults() {
    return new ServerLimits(8, UNLIMITED, Duration.ofSeconds(30), Duration.ofMinutes(10), RemoteLimits.defaults());
  }

  ServerLimits withThreads(int threads) {
    return new ServerLimits(threads, maxRequestsPerClient, headerTimeout, requestTimeout, remote);
  }

  ServerLimits withMaxRequestsPerClient(int requests) {
    // UNLIMITED is the default, not a bound a caller may set.
    checkPerClient(requests);
    return new ServerLimits(threads, requests, headerTimeout, requestTimeout, remote);
  }

  ServerLimits withHeaderTimeout(Duration timeout) {
    Arguments.notNull(timeout, "timeout");
    return new ServerLimits(threads, maxRequestsPerClient, timeout, requestTimeout, remote);
  }

  ServerLimits withRequestTimeout(Duration timeout) {
    Arguments.notNull(timeout, "timeout");
    return new ServerLimits(threads, maxRequestsPerClient, headerTimeout, timeout, remote);
  }

  ServerLimits withRemote(RemoteLimits limits) {
    return new ServerLimits(threads, maxRequestsPerClient, headerTimeout, requestTimeout, limits);
  }

  ServerLimits withMaxPushBytes(long bytes) {
    Arguments.check(bytes >= 1024, "maxPushBytes " + bytes + " is below 1024");
    return withRemote(remote.withMaxPushBytes(bytes));
  }

  private static void checkPerClient(int requests) {
    Arguments.check(requests >= 1 && requests <= 65536, "maxRequestsPerClient " + requests + " is not 1 to 65536");
  }
}
