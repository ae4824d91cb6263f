package io.prolly.server;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests each client address has open, {@code wait} requests included, held to
 * {@link ServerLimits#maxRequestsPerClient}: so that one client cannot take every thread or every
 * wait. Counts nothing when there is no such bound. Thread-safe.
 */
final class ClientRequests {

  private final int most;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** Bounds each address to {@code most} open requests, or none for {@link ServerLimits#UNLIMITED}. */
  ClientRequests(int most) {
    this.most = most;
  }

  /** Counts a request of a client address in, unless it has as many open as it may. */
  boolean admit(InetAddress client) {
    if (most == ServerLimits.UNLIMITED) {
      return true;
    }
    boolean[] admitted = {false};
    open.compute(client, (address, count) -> {
      int now = count == null ? 0 : count;
      admitted[0] = now < most;
      return admitted[0] ? now + 1 : count;
    });
    return admitted[0];
  }

  /** Counts a request that {@link #admit} let in out, once answered. */
  void release(InetAddress client) {
    if (most != ServerLimits.UNLIMITED) {
      open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
    }
  }

  /** The answer to a request {@link #admit} refused. */
  String refusal() {
    return "this client already has the " + most + " requests open here that the server allows one address "
        + "(waiting ones included); try again in a moment";
  }
}
