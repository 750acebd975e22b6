package io.palisade.instrumentation.javahttpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.instrumentation.testing.LoopbackOrigin;
import io.palisade.instrumentation.testing.RecordingOutboundHooks;
import io.palisade.instrumentation.testing.TestAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
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
  private static final RecordingOutboundHooks hooks = new RecordingOutboundHooks();
  private static AgentInstaller installer;
  private static LoopbackOrigin server;
  private static String base;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  @BeforeAll
  static void start() throws Exception {
    server = LoopbackOrigin.start();
    base = server.base();
    installer = TestAgent.install(hooks);
  }

  @AfterAll
  static void stop() {
    TestAgent.uninstallHooks();
    server.close();
  }

  @BeforeEach
  void forget() {
    hooks.reset();
    server.resetServed();
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
    assertThat(server.served()).isZero();
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
    assertThat(server.served()).as("only the redirecting responses were served").isEqualTo(2);
  }
}
