package io.palisade.instrumentation.apachehttpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.instrumentation.testing.LoopbackOrigin;
import io.palisade.instrumentation.testing.RecordingOutboundHooks;
import io.palisade.instrumentation.testing.TestAgent;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real instrumentation in front of Apache HttpClient 5 (classic, async and minimal async) and a JDK
 * HttpServer on 127.0.0.1: every execute is checked once before anything is sent, a redirect before it
 * is followed, and a block stops both. A blocked async request throws from {@code execute} on the
 * caller's thread; a blocked async redirect (on the client's I/O thread) fails the future.
 */
class ApacheHttpClient5InstrumentationTest {
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
        "outbound org.apache.hc.client5 classic " + base + "/hello",
        "outbound org.apache.hc.client5 classic " + base + "/hello?q=1");
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
      assertThat(hooks.calls).contains("redirect org.apache.hc.client5 " + base + "/moved -> " + base + "/hello?redirected");

      forget();
      hooks.blockedFragment = "?redirected";
      assertThatThrownBy(() -> get(client, base + "/moved")).isInstanceOf(PalisadeBlockedException.class);
      assertThat(server.served()).as("only the redirecting response was served").isEqualTo(1);
    }
  }

  private static CloseableHttpAsyncClient started(CloseableHttpAsyncClient client) {
    client.start();
    return client;
  }

  private static SimpleHttpResponse await(Future<SimpleHttpResponse> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void everyAsyncExecuteIsCheckedOnceOnTheCallersThreadBeforeItIsSent() throws Exception {
    try (CloseableHttpAsyncClient client = started(HttpAsyncClients.createDefault());
         CloseableHttpAsyncClient minimal = started(HttpAsyncClients.createMinimal())) {
      assertThat(await(client.execute(SimpleRequestBuilder.get(base + "/hello").build(), null)).getBodyText()).isEqualTo("hello");
      // The producer/consumer overload with a separate target: the request alone has no host.
      SimpleHttpRequest relative = SimpleRequestBuilder.get().setPath("/hello?q=1").build();
      Future<SimpleHttpResponse> produced = client.execute(HttpHost.create(base),
          SimpleRequestProducer.create(relative), SimpleResponseConsumer.create(), null, null, null);
      assertThat(await(produced).getBodyText()).isEqualTo("hello");
      assertThat(await(minimal.execute(SimpleRequestBuilder.get(base + "/hello?minimal").build(), null)).getBodyText()).isEqualTo("hello");
    }
    assertThat(hooks.calls).containsExactly(
        "outbound org.apache.hc.client5 async " + base + "/hello",
        "outbound org.apache.hc.client5 async " + base + "/hello?q=1",
        "outbound org.apache.hc.client5 async " + base + "/hello?minimal");
    assertThat(installer.transformFailures()).isZero();
  }

  @Test
  void aBlockedAsyncRequestThrowsFromExecuteAndNeverReachesTheServer() throws Exception {
    hooks.blockedFragment = "/hello";
    RecordingCallback callback = new RecordingCallback();
    try (CloseableHttpAsyncClient client = started(HttpAsyncClients.createDefault());
         CloseableHttpAsyncClient minimal = started(HttpAsyncClients.createMinimal())) {
      assertThatThrownBy(() -> client.execute(SimpleRequestBuilder.get(base + "/hello").build(), callback))
          .isInstanceOf(PalisadeBlockedException.class);
      assertThatThrownBy(() -> minimal.execute(SimpleRequestBuilder.get(base + "/hello").build(), callback))
          .isInstanceOf(PalisadeBlockedException.class);

      // The clients are unharmed: the next request goes out as usual.
      hooks.blockedFragment = null;
      assertThat(await(client.execute(SimpleRequestBuilder.get(base + "/moved").build(), null)).getBodyText()).isEqualTo("hello");
    }
    assertThat(callback.outcomes).as("the block reached the caller, not the callback").isEmpty();
    assertThat(server.served()).as("only the request after the blocks was served (and its redirect)").isEqualTo(2);
  }

  @Test
  void anAsyncRedirectIsCheckedBeforeItIsFollowedAndABlockFailsTheFuture() throws Exception {
    RecordingCallback callback = new RecordingCallback();
    try (CloseableHttpAsyncClient client = started(HttpAsyncClients.createDefault())) {
      assertThat(await(client.execute(SimpleRequestBuilder.get(base + "/moved").build(), null)).getBodyText()).isEqualTo("hello");
      assertThat(hooks.calls).contains("redirect org.apache.hc.client5 " + base + "/moved -> " + base + "/hello?redirected");

      forget();
      hooks.blockedFragment = "?redirected";
      Future<SimpleHttpResponse> future = client.execute(SimpleRequestBuilder.get(base + "/moved").build(), callback);
      assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PalisadeBlockedException.class);
      assertThat(server.served()).as("only the redirecting response was served").isEqualTo(1);
      // The client fails the future first and calls the callback afterwards, on its I/O thread.
      assertThat(callback.reported.await(10, TimeUnit.SECONDS)).as("the callback was called").isTrue();
      assertThat(callback.outcomes).hasSize(1);
      assertThat(callback.outcomes.get(0)).startsWith("failed " + PalisadeBlockedException.class.getName());
    }
  }

  /** What the client reported to the application's callback. */
  static final class RecordingCallback implements FutureCallback<SimpleHttpResponse> {
    final List<String> outcomes = new CopyOnWriteArrayList<>();
    final CountDownLatch reported = new CountDownLatch(1);

    @Override
    public void completed(SimpleHttpResponse result) {
      record("completed " + result.getCode());
    }

    @Override
    public void failed(Exception failure) {
      record("failed " + failure);
    }

    @Override
    public void cancelled() {
      record("cancelled");
    }

    private void record(String outcome) {
      outcomes.add(outcome);
      reported.countDown();
    }
  }
}
