package io.palisade.instrumentation.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstream the client-module tests call, on 127.0.0.1 only: {@code /hello} answers "hello",
 * {@code /moved} redirects to {@code /hello?redirected}. It counts what it served, so a test can show
 * that a blocked call never reached it.
 */
public final class LoopbackOrigin implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger served = new AtomicInteger();
  private final String base;

  private LoopbackOrigin(HttpServer server) {
    this.server = server;
    this.base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public static LoopbackOrigin start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    LoopbackOrigin origin = new LoopbackOrigin(server);
    server.createContext("/hello", exchange -> {
      origin.served.incrementAndGet();
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/moved", exchange -> {
      origin.served.incrementAndGet();
      exchange.getResponseHeaders().add("Location", origin.base + "/hello?redirected");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    return origin;
  }

  /** {@code http://127.0.0.1:<port>}, no trailing slash. */
  public String base() {
    return base;
  }

  /** Responses served (redirects included) since the last {@link #resetServed()}. */
  public int served() {
    return served.get();
  }

  public void resetServed() {
    served.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
