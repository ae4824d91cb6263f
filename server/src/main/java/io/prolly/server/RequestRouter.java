package io.prolly.server;

import com.sun.net.httpserver.HttpExchange;
import io.prolly.RemoteEndpoint;
import io.prolly.RemoteLimits;
import io.prolly.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Takes an admitted request to the endpoint of the repository its path names, once the
 * {@link AccessPolicy} lets its client at it: the writable endpoint for a read-write client, the
 * read-only view for any other, and 400, 401, 403, 404 or 414 before any endpoint otherwise.
 * Thread-safe.
 */
final class RequestRouter implements AutoCloseable {

  /** {@code /NAME/OPERATION}: names as {@code Remote} accepts them, nothing percent-encoded. */
  private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/([a-z]{1,16})");
  /** The longest request path read at all: {@code /NAME/OPERATION} with room to spare. */
  private static final int MAX_PATH = 128;

  /** By name: the endpoints that take pushes (the read-only ones on a read-only server). */
  private final Map<String, RemoteEndpoint> endpoints;
  /** By name: the read-only endpoints, for clients that may only read. */
  private final Map<String, RemoteEndpoint> readers;
  private final AccessPolicy policy;
  private final boolean readOnly;
  private final ScheduledExecutorService timer;
  private final Duration requestTimeout;
  /** Sends the answers of wait requests, which come after their worker returned. */
  private final Executor replies;

  RequestRouter(Map<String, Repository> repositories, boolean readOnly, RemoteLimits limits, AccessPolicy policy,
      ScheduledExecutorService timer, Duration requestTimeout, Executor replies) {
    Map<String, RemoteEndpoint> served = new LinkedHashMap<>();
    Map<String, RemoteEndpoint> read = new LinkedHashMap<>();
    repositories.forEach((name, repository) -> {
      // One endpoint and its read-only view: both answer the same waits, through one watch per branch.
      RemoteEndpoint endpoint = RemoteEndpoint.of(repository, readOnly, limits);
      served.put(name, endpoint);
      read.put(name, endpoint.readOnlyView());
    });
    this.endpoints = Map.copyOf(served);
    this.readers = Map.copyOf(read);
    this.policy = policy;
    this.readOnly = readOnly;
    this.timer = timer;
    this.requestTimeout = requestTimeout;
    this.replies = replies;
  }

  /**
   * Answers a request, or returns true if its answer comes later (a wait): then the exchange is
   * closed and {@code answered} run once the answer is out, on a thread of the replies.
   */
  boolean route(HttpExchange exchange, RequestClock clock, InputStream body, Runnable answered) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (path != null && path.length() > MAX_PATH) {
      Answers.send(exchange, clock, 414, "the request path has " + path.length() + " characters; paths are "
          + "/NAME/OPERATION of at most " + MAX_PATH, Map.of());
      return false;
    }
    Matcher matcher = PATH.matcher(path == null ? "" : path);
    if (!matcher.matches()) {
      Answers.send(exchange, clock, 400, "'" + printable(path) + "' is not /NAME/OPERATION with NAME of letters, "
          + "digits, '.', '_' and '-' (not starting with '.'), such as /main/refs", Map.of());
      return false;
    }
    String name = matcher.group(1);
    String operation = matcher.group(2);
    AccessPolicy.Decision decision;
    try {
      decision = policy.decide(exchange.getRequestHeaders().getFirst("Authorization"), name);
    } catch (AccessPolicy.Refusal refusal) {
      Answers.send(exchange, clock, refusal.status, refusal.getMessage(), challenge(refusal.status));
      return false;
    }
    RemoteEndpoint endpoint = (decision.access() == Access.READ_WRITE ? endpoints : readers).get(name);
    if (endpoint == null) {
      Answers.send(exchange, clock, 404, "this server serves no repository named '" + name + "'", Map.of());
      return false;
    }
    if (!readOnly && decision.access() != Access.READ_WRITE && asksToPush(exchange, operation)) {
      if (decision.token() == null) {
        Answers.send(exchange, clock, 401, "pushing to '" + name + "' needs a read-write token; clients without one "
            + "may only read. Send Authorization: Bearer TOKEN (prolly: PROLLY_TOKEN or --token-file)",
            challenge(401));
      } else {
        Answers.send(exchange, clock, 403, "token '" + decision.token() + "' may read '" + name + "' but not push "
            + "to it; ask the server's operator for a read-write token", Map.of());
      }
      return false;
    }
    CompletableFuture<RemoteEndpoint.Reply> answer = endpoint.handleAsync(exchange.getRequestMethod(), operation,
        exchange.getRequestHeaders()::getFirst, body);
    if (!answer.isDone()) {
      // A wait: the answer comes when the branch moves; meanwhile no worker thread or permit is held.
      answer.whenCompleteAsync((later, failure) -> {
        try (exchange; RequestClock late = new RequestClock(timer, requestTimeout)) {
          if (later != null) {
            Answers.sendReply(exchange, late, later);
          }
        } catch (RuntimeException | IOException e) {
          // Cut: the connection is closed.
        } finally {
          answered.run();
        }
      }, replies);
      return true;
    }
    RemoteEndpoint.Reply reply = answer.join();
    if (clock.expired() && reply.status() == 400) {
      // The body stopped short because the clock ran out, not because the client sent too little.
      Answers.send(exchange, clock, 408, clock.message(), Map.of());
      return false;
    }
    Answers.sendReply(exchange, clock, reply);
    return false;
  }

  /** Closes every endpoint, which answers its waiting {@code wait} requests with 503. */
  @Override
  public void close() {
    endpoints.values().forEach(RemoteEndpoint::close);
    readers.values().forEach(RemoteEndpoint::close);
  }

  private static boolean asksToPush(HttpExchange exchange, String operation) {
    String capabilities = exchange.getRequestHeaders().getFirst("Prolly-Capabilities");
    return operation.equals("push")
        || capabilities != null && Arrays.asList(capabilities.strip().split("[,\\s]+")).contains("push");
  }

  private static Map<String, List<String>> challenge(int status) {
    return status == 401 ? Map.of("WWW-Authenticate", List.of("Bearer realm=\"prolly\"")) : Map.of();
  }

  /** A path fit to quote: at most 64 characters, controls shown as '?'. */
  private static String printable(@Nullable String value) {
    String shown = value == null ? "" : value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
