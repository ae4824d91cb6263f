/**
 * Serves Prolly repositories over HTTP/1.1 to clients on other machines: see
 * {@link io.prolly.server.ProllyServer}. Built on the JDK's {@code com.sun.net.httpserver}, so it
 * adds no dependency.
 */
module io.prolly.server {
  requires transitive io.prolly.core;
  requires jdk.httpserver;

  exports io.prolly.server;
}
