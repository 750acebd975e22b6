package io.palisade.instrumentation.httpurlconnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.instrumentation.testing.LoopbackOrigin;
import io.palisade.instrumentation.testing.RecordingOutboundHooks;
import io.palisade.instrumentation.testing.TestAgent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
  private static final RecordingOutboundHooks hooks = new RecordingOutboundHooks();
  private static AgentInstaller installer;
  private static LoopbackOrigin server;
  private static String base;

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
    assertThat(server.served()).isZero();
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
    assertThat(server.served()).as("only the redirecting response was served").isEqualTo(1);
  }
}
