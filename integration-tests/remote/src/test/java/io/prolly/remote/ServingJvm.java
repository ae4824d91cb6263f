package io.prolly.remote;

import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.server.ProllyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serving side of {@link TwoJvmRemoteTest}, run in its own JVM: opens each {@code NAME=STORE-URI}
 * argument, seeds it with {@link SeedHistory}, serves them all on a free loopback port, prints
 * {@code port N}, then answers {@code verify NAME} lines on standard input with
 * {@code verified NAME P} (P problems) until {@code stop} or the end of input.
 */
public final class ServingJvm {

  private ServingJvm() {}

  public static void main(String[] args) throws Exception {
    Map<String, Repository> repositories = new LinkedHashMap<>();
    ProllyServer.Builder builder = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0);
    for (String arg : args) {
      int split = arg.indexOf('=');
      Repository repository = Prolly.open(arg.substring(split + 1));
      SeedHistory.seed(repository);
      repositories.put(arg.substring(0, split), repository);
      builder.serve(arg.substring(0, split), repository);
    }
    try (ProllyServer server = builder.start()) {
      System.out.println("port " + server.port());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
        String name = line.substring("verify ".length());
        int problems = repositories.get(name).maintenance().verify().problems().size();
        System.out.println("verified " + name + " " + problems);
        System.out.flush();
      }
    } finally {
      repositories.values().forEach(Repository::close);
    }
  }
}
