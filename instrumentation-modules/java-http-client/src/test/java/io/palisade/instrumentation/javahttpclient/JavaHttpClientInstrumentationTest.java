package io.palisade.instrumentation.javahttpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real instrumentation retransforms the JDK's HttpClient in this JVM in front of a JDK HttpServer
 * on 127.0.0.1: send and sendAsync are checked once on the caller's thread, redirects before they are
 * followed (on the client's threads), and a block stops the exchange before the server sees it.
 */
class JavaHttpClientInstrumentationTest {
  private static final RecordingHooks hooks = new RecordingHooks();
  private static AgentInstaller installer;
  private static HttpServer server;
  private static final AtomicInteger served = new AtomicInteger();
  private static String base;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

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
  void sendAndSendAsyncAreCheckedOnce() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/hello")).build();
    assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hello");
    assertThat(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get().body()).isEqualTo("hello");
    assertThat(hooks.calls).containsExactly(
        "outbound java.net.http.HttpClient " + base + "/hello",
        "outbound java.net.http.HttpClient " + base + "/hello");
    assertThat(installer.transformFailures()).isZero();
  }

  @Test
  void aBlockedUrlNeverReachesTheServer() {
    hooks.blockedFragment = "/hello";
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/hello")).build();
    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(PalisadeBlockedException.class);
    assertThatThrownBy(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(PalisadeBlockedException.class);
    assertThat(served.get()).isZero();
  }

  @Test
  void aRedirectIsCheckedBeforeItIsFollowedAndCanBeBlocked() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/moved")).build();
    assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hello");
    assertThat(hooks.calls).contains("redirect java.net.http.HttpClient " + base + "/moved -> " + base + "/hello?redirected");

    forget();
    hooks.blockedFragment = "?redirected";
    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(PalisadeBlockedException.class);
    assertThatThrownBy(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get())
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(PalisadeBlockedException.class);
    assertThat(served.get()).as("only the redirecting responses were served").isEqualTo(2);
  }

  static final class RecordingHooks extends EngineHooks {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String blockedFragment;

    @Override
    public void checkOutbound(Object connection, String url, String client) {
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
