package io.palisade.instrumentation.apachehttpclient4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.instrumentation.testing.LoopbackOrigin;
import io.palisade.instrumentation.testing.RecordingOutboundHooks;
import io.palisade.instrumentation.testing.TestAgent;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real instrumentation in front of Apache HttpClient 4.5 and a JDK HttpServer on 127.0.0.1:
 * every execute is checked once before anything is sent, a redirect before it is followed, and a block
 * stops both.
 */
class ApacheHttpClient4InstrumentationTest {
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

  private static String get(CloseableHttpClient client, String url) throws Exception {
    return client.execute(new HttpGet(url), response -> EntityUtils.toString(response.getEntity()));
  }

  @Test
  void everyExecuteIsCheckedOnceBeforeItIsSent() throws Exception {
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      assertThat(get(client, base + "/hello")).isEqualTo("hello");
      HttpHost host = HttpHost.create(base);
      String body = client.execute(host, new HttpGet("/hello?q=1"), response -> EntityUtils.toString(response.getEntity()));
      assertThat(body).isEqualTo("hello");
    }
    assertThat(hooks.calls).containsExactly(
        "outbound org.apache.http client 4 " + base + "/hello",
        "outbound org.apache.http client 4 " + base + "/hello?q=1");
    assertThat(installer.transformFailures()).isZero();
  }

  @Test
  void aBlockedUrlNeverReachesTheServer() throws Exception {
    hooks.blockedFragment = "/hello";
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      assertThatThrownBy(() -> get(client, base + "/hello")).isInstanceOf(PalisadeBlockedException.class);
    }
    assertThat(server.served()).isZero();
  }

  @Test
  void aRedirectIsCheckedBeforeItIsFollowedAndCanBeBlocked() throws Exception {
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      assertThat(get(client, base + "/moved")).isEqualTo("hello");
      assertThat(hooks.calls).contains("redirect org.apache.http client 4 " + base + "/moved -> " + base + "/hello?redirected");

      forget();
      hooks.blockedFragment = "?redirected";
      assertThatThrownBy(() -> get(client, base + "/moved")).isInstanceOf(PalisadeBlockedException.class);
      assertThat(server.served()).as("only the redirecting response was served").isEqualTo(1);
    }
  }
}
