package io.palisade.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
 * The real instrumentation in front of OkHttp and a JDK HttpServer on 127.0.0.1: every execute and
 * enqueue is checked once before anything is sent, a redirect before it is followed, and a block stops
 * all three. Runs twice (see the pom): against OkHttp 4.12 and against OkHttp 5.
 */
class OkHttpInstrumentationTest {
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
    assertThat(served.get()).isZero();
  }

  @Test
  void aRedirectIsCheckedBeforeItIsFollowedAndCanBeBlocked() throws Exception {
    assertThat(get(base + "/moved")).isEqualTo("hello");
    assertThat(hooks.calls).contains("redirect okhttp3 " + base + "/moved -> " + base + "/hello?redirected");

    forget();
    hooks.blockedFragment = "?redirected";
    assertThatThrownBy(() -> get(base + "/moved")).isInstanceOf(PalisadeBlockedException.class);
    assertThat(served.get()).as("only the redirecting response was served").isEqualTo(1);
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
