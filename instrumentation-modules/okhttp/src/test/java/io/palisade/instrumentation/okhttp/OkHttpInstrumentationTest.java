package io.palisade.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.instrumentation.testing.LoopbackOrigin;
import io.palisade.instrumentation.testing.RecordingOutboundHooks;
import io.palisade.instrumentation.testing.TestAgent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real instrumentation in front of OkHttp and a JDK HttpServer on 127.0.0.1: every execute and
 * enqueue is checked once before anything is sent, a redirect before it is followed, and a block stops
 * all three. Runs twice (see the pom): against OkHttp 4.12 and against OkHttp 5.
 */
class OkHttpInstrumentationTest {
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

  private final OkHttpClient client = new OkHttpClient();

  private static Object readVersion() {
    try {
      return okhttp3.OkHttp.class.getField("VERSION").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void runsAgainstTheOkHttpVersionTheBuildChose() {
    // Without this, a class path mix-up would silently test the other major version twice. Read
    // reflectively: the constant would be inlined from the version this test was compiled against.
    assertThat(readVersion()).isEqualTo(System.getProperty("palisade.test.okhttp.version"));
  }

  private String get(String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.body().string();
    }
  }

  private CompletableFuture<String> enqueue(String url) {
    CompletableFuture<String> result = new CompletableFuture<>();
    client.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          result.complete(response.body().string());
        }
      }
    });
    return result;
  }

  @Test
  void everyExecuteAndEnqueueIsCheckedOnceBeforeItIsSent() throws Exception {
    assertThat(get(base + "/hello")).isEqualTo("hello");
    assertThat(enqueue(base + "/hello?async").get(10, TimeUnit.SECONDS)).isEqualTo("hello");
    assertThat(hooks.calls).containsExactly(
        "outbound okhttp3 " + base + "/hello",
        "outbound okhttp3 " + base + "/hello?async");
    assertThat(installer.transformFailures()).isZero();
  }

  @Test
  void aBlockedUrlNeverReachesTheServer() {
    hooks.blockedFragment = "/hello";
    assertThatThrownBy(() -> get(base + "/hello")).isInstanceOf(PalisadeBlockedException.class);
    assertThatThrownBy(() -> enqueue(base + "/hello?async")).isInstanceOf(PalisadeBlockedException.class);
    assertThat(server.served()).isZero();
  }

  @Test
  void aRedirectIsCheckedBeforeItIsFollowedAndCanBeBlocked() throws Exception {
    assertThat(get(base + "/moved")).isEqualTo("hello");
    assertThat(hooks.calls).contains("redirect okhttp3 " + base + "/moved -> " + base + "/hello?redirected");

    forget();
    hooks.blockedFragment = "?redirected";
    assertThatThrownBy(() -> get(base + "/moved")).isInstanceOf(PalisadeBlockedException.class);
    assertThat(server.served()).as("only the redirecting response was served").isEqualTo(1);
  }

  @Test
  void aRedirectOfAQueuedCallIsBlockedOnTheDispatcherThread() throws Exception {
    hooks.blockedFragment = "?redirected";
    CompletableFuture<String> result = enqueue(base + "/moved");
    // OkHttp turns a throwable on its dispatcher into "canceled due to ..." for the callback and keeps
    // the block: as a suppressed exception in OkHttp 4, as the cause in OkHttp 5.
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(IOException.class)
        .satisfies(failure -> assertThat(failure.getCause() instanceof PalisadeBlockedException
            || java.util.Arrays.stream(failure.getSuppressed()).anyMatch(PalisadeBlockedException.class::isInstance))
            .as("the block in %s", failure).isTrue());
    assertThat(server.served()).as("only the redirecting response was served").isEqualTo(1);
  }
}
