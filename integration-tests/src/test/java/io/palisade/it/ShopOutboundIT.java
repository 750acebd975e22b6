package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSRF through the Spring Boot shop's "webhook test" ({@code POST /api/webhooks/test}, the URL in a
 * JSON body field) with OkHttp 5 ({@code execute} and {@code enqueue}) and Spring's {@code RestClient}
 * over the JDK HttpClient. One shop JVM (Boot starts slowly): monitor mode first (the internal service
 * answers, one event each, redirects checked), then the policy is switched to block by hot reload (a
 * request-chosen internal URL is answered with the 403 and one event, although the shop turns client
 * failures into a 502 of its own), and the safe twin with look-alike values in
 * the query of the shop's fixed receiver passes unchanged, with no finding.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopOutboundIT {
  private static final String DB = "h2";
  private static final String NAME = "shop-outbound-" + DB;
  private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SENTINELS = new AtomicInteger(9000);
  private static AppProcess shop;

  @BeforeAll
  static void start() throws IOException {
    String monitor = AppProcess.policy("it-shop-outbound-monitor", "monitor", AppProcess.dirFor(NAME));
    shop = AppProcess.start(new AppProcess.Spec(NAME, DB).jar(SpringBootShopIT.Shop.jar())
        .startTimeout(SpringBootShopIT.START_TIMEOUT).agent(monitor));
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  private static String internalUrl() {
    return "http://127.0.0.1:" + shop.port() + "/api/webhooks/internal/status";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"okhttp", "okhttp-async", "restclient"})
  @Order(1)
  void monitorModeOnlyReports(String client) {
    String url = internalUrl();
    int mark = mark();

    Http.Response response = post("/api/webhooks/test", Map.of("url", url, "client", client));

    assertThat(response.status()).as("monitor mode: %s", response).isEqualTo(200);
    assertThat(Expect.parse(response.body(), client).path("response").asText()).contains("internal-only-token");
    List<JsonNode> events = ssrfEventsSince(mark);
    assertThat(events).as("ssrf events:\n%s", Audit.describe(events)).hasSize(1);
    assertSsrfEvent(events.get(0), "monitored", url, client);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"okhttp", "okhttp-async", "restclient"})
  @Order(2)
  void aRedirectFromARequestChosenUrlIsCheckedBeforeItIsFollowed(String client) {
    String target = internalUrl() + "?via=redirect";
    int mark = mark();

    Http.Response response = post("/api/webhooks/test", Map.of("url", redirectTo(target), "client", client));

    assertThat(response.status()).as("monitor mode: %s", response).isEqualTo(200);
    List<JsonNode> events = ssrfEventsSince(mark);
    assertThat(events).as("the first hop and the redirect:\n%s", Audit.describe(events)).hasSize(2);
    JsonNode redirect = events.get(1);
    assertThat(redirect.path("sink").path("method").asText()).isEqualTo(sinkOf(client) + " (redirect)");
    assertThat(redirect.path("sink").path("target").asText()).isEqualTo(target);
    assertThat(redirect.path("input").path("name").asText()).isEqualTo("/url");
    assertThat(redirect.path("reason").asText()).contains("redirects to").contains("loopback");
  }

  @Test
  @Order(3)
  void theOperatorSwitchesToBlockWithoutARestart() throws IOException {
    Path policyFile = shop.dir.resolve("policy.json");
    String block = AppProcess.policy("it-shop-outbound-block", "block", shop.dir);
    Path temp = policyFile.resolveSibling(".policy.json.tmp");
    Files.writeString(temp, block, StandardCharsets.UTF_8);
    Files.move(temp, policyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    JsonNode changed = Polling.until(() -> AuditLogReader.events(shop.auditLog).stream()
            .filter(e -> "policy_changed".equals(AuditLogReader.type(e))).findFirst().orElse(null),
        RELOAD_DEADLINE, () -> "no policy_changed event in " + shop.auditLog + "\n" + shop.outputs());
    assertThat(changed.path("policy").path("name").asText()).isEqualTo("it-shop-outbound-block");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"okhttp", "okhttp-async", "restclient"})
  @Order(4)
  void aRequestChosenInternalUrlIsBlocked(String client) {
    String url = internalUrl();
    int mark = mark();

    Http.Response response = post("/api/webhooks/test", Map.of("url", url, "client", client));

    Expect.blockResponse(response, true, client);
    List<JsonNode> events = ssrfEventsSince(mark);
    assertThat(events).as("ssrf events:\n%s", Audit.describe(events)).hasSize(1);
    assertSsrfEvent(events.get(0), "blocked", url, client);
    assertThat(events.get(0).path("reason").asText()).contains("loopback address 127.0.0.1");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"okhttp", "okhttp-async", "restclient"})
  @Order(5)
  void aValueInTheQueryOfTheFixedReceiverPassesUnchanged(String client) {
    for (String event : List.of("order.created", "localhost", "http://169.254.169.254/", "localhost:6379", "10.0.0.1")) {
      // What the receiver answers when asked directly: the webhook must relay exactly that.
      Http.Response direct = Http.sendBody(shop, "GET", "/api/webhooks/receiver?event=" + URLEncoder.encode(event, StandardCharsets.UTF_8),
          null, null, Http.JSON);
      int mark = mark();

      Http.Response response = post("/api/webhooks/ping", Map.of("event", event, "client", client));

      assertThat(response.status()).as("%s %s: %s", client, event, response).isEqualTo(200);
      assertThat(Expect.parse(response.body(), event).path("response").asText()).isEqualTo(direct.body());
      assertThat(Audit.requestEvents(eventsSince(mark))).as("findings of %s %s", client, event).isEmpty();
    }
  }

  private static String redirectTo(String target) {
    return "http://127.0.0.1:" + shop.port() + "/api/webhooks/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
  }

  private static String sinkOf(String client) {
    return client.startsWith("okhttp") ? "okhttp3" : "java.net.http.HttpClient";
  }

  private static void assertSsrfEvent(JsonNode event, String action, String url, String client) {
    assertThat(event.path("action").asText()).isEqualTo(action);
    assertThat(event.path("cwe").asText()).isEqualTo("CWE-918");
    assertThat(event.path("input").path("source").asText()).isEqualTo("body");
    assertThat(event.path("input").path("name").asText()).isEqualTo("/url");
    assertThat(event.path("input").path("value").asText()).isEqualTo(url);
    assertThat(event.path("sink").path("kind").asText()).isEqualTo("http_client");
    assertThat(event.path("sink").path("method").asText()).startsWith(sinkOf(client));
    assertThat(event.path("sink").path("target").asText()).isEqualTo(url);
    assertThat(event.path("request").path("path").asText()).isEqualTo("/api/webhooks/test");
  }

  private static Http.Response post(String path, Map<String, String> body) {
    try {
      return Http.sendBody(shop, "POST", path, "application/json", JSON.writeValueAsBytes(body), Http.JSON);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int mark() {
    return AuditLogReader.events(shop.auditLog).size();
  }

  private static List<JsonNode> ssrfEventsSince(int mark) {
    return SsrfBlockingIT.ssrfFindings(eventsSince(mark));
  }

  /** The events since {@code mark}, fenced by a sentinel SQL injection in a path variable (excluded). */
  private static List<JsonNode> eventsSince(int mark) {
    String sentinel = "w" + SENTINELS.incrementAndGet() + "' OR '1'='1";
    Http.sendBody(shop, "GET", "/api/accounts/" + sentinel.replace(" ", "%20").replace("'", "%27").replace("=", "%3D"),
        null, null, Http.JSON);
    return Audit.fencedBy(shop.auditLog, mark, sentinel, "GET /api/accounts/" + sentinel, shop::outputs);
  }
}
