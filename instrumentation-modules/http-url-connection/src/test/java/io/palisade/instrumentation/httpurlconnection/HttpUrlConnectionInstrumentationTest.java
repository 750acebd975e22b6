package io.palisade.instrumentation.httpurlconnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real instrumentation retransforms the JDK's connection in this JVM (the bridge is on the boot
 * class path, as in the agent) in front of a JDK HttpServer on 127.0.0.1: the URL is checked once per
 * call before anything is sent, a redirect is checked before it is followed, and a block stops both.
 */
class HttpUrlConnectionInstrumentationTest {
  private static final RecordingHooks hooks = new RecordingHooks();
  private static AgentInstaller installer;
  private static HttpServer server;
  private static final AtomicInteger served = new AtomicInteger();
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hello", exchange -> {
      served.incrementAndGet();
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/moved", exchange -> {
      served.incrementAndGet();
      exchange.getResponseHeaders().add("Location", base + "/hello?redirected");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    Bridge.install(hooks);
    installer = new AgentInstaller();
    installer.install(ByteBuddyAgent.install(), true);
  }

  @AfterAll
  static void stop() {
    Bridge.install(null);
    server.stop(0);
  }

  @BeforeEach
  void forget() {
    hooks.calls.clear();
    hooks.blockedFragment = null;
    served.set(0);
  }

  @Test
  void aGetIsCheckedOnceBeforeItIsSent() throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(base + "/hello").openConnection();
    connection.connect();
    try (InputStream in = connection.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    connection.getHeaderField("Content-Length");
    // connect() and getInputStream() are two outermost calls; the engine skips the second by connection.
    assertThat(hooks.calls).containsOnly("outbound java.net.HttpURLConnection " + base + "/hello");
    assertThat(installer.transformFailures()).isZero();
  }

  @Test
  void aPostIsCheckedBeforeTheBodyIsWritten() throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(base + "/hello").openConnection();
    connection.setDoOutput(true);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(1);
    }
    assertThat(connection.getResponseCode()).isEqualTo(200);
    assertThat(hooks.calls).first().isEqualTo("outbound java.net.HttpURLConnection " + base + "/hello");
  }

  @Test
  void aBlockedUrlNeverReachesTheServer() throws Exception {
    hooks.blockedFragment = "/hello";
    HttpURLConnection connection = (HttpURLConnection) new URL(base + "/hello").openConnection();
    assertThatThrownBy(connection::getInputStream).isInstanceOf(PalisadeBlockedException.class);
    assertThat(served.get()).isZero();
  }

  @Test
  void aRedirectIsCheckedBeforeItIsFollowedAndCanBeBlocked() throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(base + "/moved").openConnection();
    assertThat(connection.getResponseCode()).isEqualTo(200);
    assertThat(hooks.calls).contains("redirect java.net.HttpURLConnection " + base + "/moved -> " + base + "/hello?redirected");

    forget();
    hooks.blockedFragment = "?redirected";
    HttpURLConnection blocked = (HttpURLConnection) new URL(base + "/moved").openConnection();
    assertThatThrownBy(blocked::getInputStream).isInstanceOf(PalisadeBlockedException.class);
    assertThat(served.get()).as("only the redirecting response was served").isEqualTo(1);
  }

  static final class RecordingHooks extends EngineHooks {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String blockedFragment;
    private final java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    @Override
    public void checkOutbound(Object connection, String url, String client) {
      if (connection != null && !seen.add(connection)) {
        return; // as the engine does: one check per connection and URL
      }
      calls.add("outbound " + client + " " + url);
      if (blockedFragment != null && url.contains(blockedFragment)) {
        throw new PalisadeBlockedException("test", "blocked");
      }
    }

    @Override
    public void checkOutboundRedirect(String from, String to, String client) {
      calls.add("redirect " + client + " " + from + " -> " + to);
      if (blockedFragment != null && to.contains(blockedFragment)) {
        throw new PalisadeBlockedException("test", "blocked");
      }
    }

    @Override
    public Object requestEnter(Object request, Object response) {
      return null;
    }

    @Override
    public Throwable requestExit(Object scope, Throwable thrown) {
      return thrown;
    }

    @Override
    public void requestParametersParsed(Object request) {}

    @Override
    public void checkSql(Object jdbcObject, String sql, String method) {}

    @Override
    public void reportFailure(String where, Throwable failure) {
      calls.add("failure " + where + ": " + failure);
    }
  }
}
