package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spring Boot shop's Velocity pages with the agent: Velocity escapes nothing, so {@code $q} on the
 * search page is reflected XSS, caught on the response writer (blocked with 403, escaped, or reported
 * only); the page with {@code $esc.html($q)} and benign searches pass byte for byte with no event. The
 * e-mail preview evaluates request text as a template: Velocity syntax from the request is blocked
 * before it is parsed; ordinary preview texts pass. One shop is started; the modes are switched by
 * rewriting its policy file (hot reload) and waiting for the {@code policy_changed} event.
 */
class VelocityPagesIT {
  private static final String DB = "h2";
  private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(20);
  private static final Path TEMPLATES = Paths.get(System.getProperty("user.dir"))
      .resolve("../demo-apps/spring-boot-shop/src/main/resources/templates/velocity").normalize();
  private static final AtomicInteger SENTINELS = new AtomicInteger(9000);

  private static AppProcess shop;
  private static String mode = "block";
  private static int policyChanges;

  /**
   * A payload, and where it is active on the search page, which reflects {@code q} twice: in the
   * double-quoted {@code value} attribute (where a tag is inert and only a quote breaks out) and in text.
   */
  record Reflection(String payload, boolean activeInAttribute, boolean activeInText) {
    @Override
    public String toString() {
      return payload;
    }
  }

  static List<Reflection> reflections() {
    return List.of(
        new Reflection("<script>alert(document.cookie)</script>", false, true),
        new Reflection("<img src=x onerror=alert(1)>", false, true),
        new Reflection("\"><svg/onload=alert(1)>", true, true),
        new Reflection("\" autofocus onfocus=\"alert(1)", true, false));
  }

  static List<String> xssPayloads() {
    return reflections().stream().map(Reflection::payload).collect(Collectors.toList());
  }

  @BeforeAll
  static void startShop() throws IOException {
    String name = "velocity-shop-" + DB;
    shop = AppProcess.start(new AppProcess.Spec(name, DB).jar(SpringBootShopIT.Shop.jar())
        .startTimeout(SpringBootShopIT.START_TIMEOUT).agent(policy("block", AppProcess.dirFor(name))));
  }

  @AfterAll
  static void stopShop() {
    if (shop != null) {
      shop.close();
    }
  }

  @ParameterizedTest
  @MethodSource("xssPayloads")
  void blockModeAnswersAReflectedPayloadWith403(String payload) throws IOException {
    use("block");
    int mark = Audit.mark(shop);

    Http.Response response = Http.send(shop, search("/velocity/search", payload));

    Expect.blockResponse(response, false, payload);
    assertThat(response.body()).doesNotContain(payload);
    xssFinding(onlyFinding(mark), "blocked", payload);
  }

  @ParameterizedTest
  @MethodSource("reflections")
  void sanitizeModeEscapesTheActiveOccurrencesAndSendsTheRestOfThePage(Reflection reflection) throws IOException {
    use("sanitize");
    int mark = Audit.mark(shop);
    String payload = reflection.payload();

    Http.Response response = Http.send(shop, search("/velocity/search", payload));

    assertThat(response.status()).isEqualTo(200);
    String template = Files.readString(TEMPLATES.resolve("search.vm"), StandardCharsets.UTF_8);
    int attribute = template.indexOf("$q");
    String expected = template.substring(0, attribute)
        + (reflection.activeInAttribute() ? agentEscaped(payload) : payload)
        + template.substring(attribute + 2).replace("$q", reflection.activeInText() ? agentEscaped(payload) : payload);
    assertThat(response.body()).isEqualTo(expected);
    xssFinding(onlyFinding(mark), "sanitized", payload);
  }

  @ParameterizedTest
  @MethodSource("xssPayloads")
  void monitorModeSendsThePageAsRenderedAndReportsIt(String payload) throws IOException {
    use("monitor");
    int mark = Audit.mark(shop);

    Http.Response response = Http.send(shop, search("/velocity/search", payload));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(rawPage(payload));
    xssFinding(onlyFinding(mark), "monitored", payload);
  }

  @ParameterizedTest
  @ValueSource(strings = {"block", "sanitize", "monitor"})
  void escapedPagesAndBenignSearchesAreUnchangedWithoutEvents(String policyMode) throws IOException {
    use(policyMode);
    for (String payload : xssPayloads()) {
      unchanged(search("/velocity/safe/search", payload), safePage(payload));
    }
    for (String benign : List.of("desk lamp", "a < b and b > c", "I <3 this shop", "O'Brien \"special\" 5/5",
        "$5 off #1 bestseller", "#set($x = 1) is Velocity")) {
      unchanged(search("/velocity/search", benign), rawPage(benign));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "#set($x=$class.forName(\"java.lang.Runtime\"))$x.getRuntime().exec(\"id\")",
      "$customer.getClass().forName(\"java.lang.Runtime\").getRuntime()",
      "#evaluate(\"#set($a = 7 * 7)$a\")",
      "#set($a = 7 * 7)Total: $a",
      "${customer.getClass().getName()}"})
  void sstiInTheEmailPreviewIsBlockedBeforeParsing(String payload) throws IOException {
    use("block");
    int mark = Audit.mark(shop);

    Http.Response response = Http.send(shop, preview(payload));

    Expect.blockResponse(response, false, payload);
    assertThat(response.body()).doesNotContain("Total", "java.lang", "E-mail preview");
    JsonNode e = onlyFinding(mark);
    assertThat(e.path("detector").asText()).isEqualTo("template_injection");
    assertThat(e.path("action").asText()).isEqualTo("blocked");
    assertThat(e.path("cwe").asText()).isEqualTo("CWE-1336");
    assertThat(e.path("input").path("name").asText()).isEqualTo("text");
    assertThat(e.path("input").path("value").asText()).isEqualTo(payload);
    assertThat(e.path("sink").path("kind").asText()).isEqualTo("template");
    assertThat(e.path("sink").path("method").asText()).isEqualTo("org.apache.velocity.runtime.RuntimeInstance.parse");
    assertThat(e.path("sink").path("target").asText()).contains(payload);
    assertThat(e.path("stack").toString()).contains("io.palisade.demo.shop.VelocityPagesController");
  }

  @Test
  void sstiInMonitorModeIsEvaluatedAsWithoutTheAgentAndReported() throws IOException {
    use("monitor");
    int mark = Audit.mark(shop);

    Http.Response response = Http.send(shop, preview("#set($a = 7 * 7)Total: $a"));

    assertThat(response.body()).isEqualTo(previewPage("Total: 49"));
    JsonNode e = onlyFinding(mark);
    assertThat(e.path("detector").asText()).isEqualTo("template_injection");
    assertThat(e.path("action").asText()).isEqualTo("monitored");
  }

  @Test
  void benignPreviewTextsPass() throws IOException {
    use("block");
    unchanged(preview("Your order #1234 costs $5"), previewPage("Your order #1234 costs $5"));
    unchanged(preview("Dear $customer, order #$orderId ships today. Our #1 bestseller: $19.99!"),
        previewPage("Dear Ada Lovelace, order #1234 ships today. Our #1 bestseller: $19.99!"));
    unchanged(preview("C# and #settings, 50% of $price"), previewPage("C# and #settings, 50% of $price"));
  }

  // --- helpers ---

  private static Http.Call search(String path, String q) {
    return Http.Call.get(path, Http.HTML, "q", q);
  }

  private static Http.Call preview(String text) {
    return Http.Call.get("/velocity/email-preview", Http.HTML, "text", text);
  }

  /** What search.vm renders for {@code q}: Velocity substitutes {@code $q} and leaves {@code $5}, {@code #1}. */
  private static String rawPage(String q) throws IOException {
    return Files.readString(TEMPLATES.resolve("search.vm"), StandardCharsets.UTF_8).replace("$q", q);
  }

  private static String safePage(String q) throws IOException {
    return Files.readString(TEMPLATES.resolve("search-safe.vm"), StandardCharsets.UTF_8).replace("$esc.html($q)", escaped(q));
  }

  private static String previewPage(String rendered) {
    return "<html><body><h1>E-mail preview</h1><pre>" + rendered + "</pre></body></html>";
  }

  /** How the agent's sanitize action escapes an occurrence. */
  private static String agentEscaped(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
  }

  /** How the safe page's {@code $esc.html} escapes. */
  private static String escaped(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static void unchanged(Http.Call call, String expectedBody) {
    int mark = Audit.mark(shop);
    Http.Response response = Http.send(shop, call);
    assertThat(response.status()).as("%s in %s mode: %s", call, mode, response).isEqualTo(200);
    assertThat(response.contentType()).contains("text/html");
    assertThat(response.body()).as("%s in %s mode", call, mode).isEqualTo(expectedBody);
    List<JsonNode> events = Expect.findings(eventsSince(mark));
    assertThat(events).as("events of %s in %s mode:\n%s", call, mode, Audit.describe(events)).isEmpty();
  }

  private static void xssFinding(JsonNode e, String action, String payload) {
    assertThat(e.path("detector").asText()).isEqualTo("xss");
    assertThat(e.path("action").asText()).isEqualTo(action);
    assertThat(e.path("cwe").asText()).isEqualTo("CWE-79");
    assertThat(e.path("policy").path("name").asText()).isEqualTo("it-velocity-" + mode);
    assertThat(e.path("request").path("path").asText()).isEqualTo("/velocity/search");
    assertThat(e.path("input").path("name").asText()).isEqualTo("q");
    assertThat(e.path("input").path("value").asText()).isEqualTo(payload);
  }

  private static JsonNode onlyFinding(int mark) {
    List<JsonNode> events = Expect.findings(eventsSince(mark));
    assertThat(events).as("events in %s mode:\n%s", mode, Audit.describe(events)).hasSize(1);
    return events.get(0);
  }

  /**
   * The events since {@code mark}, fenced by a sentinel SQL injection in the shop's path variable
   * (reported in every mode; its own event excluded), as the shop's own IT does.
   */
  private static List<JsonNode> eventsSince(int mark) {
    String sentinel = "v" + SENTINELS.incrementAndGet() + "' OR '1'='1";
    Http.get(shop, "/api/accounts/" + sentinel.replace(" ", "%20").replace("'", "%27").replace("=", "%3D"), Http.JSON);
    List<JsonNode> events = Polling.until(() -> {
      List<JsonNode> all = AuditLogReader.events(shop.auditLog);
      for (int i = mark; i < all.size(); i++) {
        if (sentinel.equals(all.get(i).path("input").path("value").asText(null))) {
          return all.subList(mark, i);
        }
      }
      return null;
    }, Polling.DEFAULT_DEADLINE, () -> "the sentinel " + sentinel + " produced no audit event in " + shop.auditLog
        + "\n" + shop.outputs());
    return Audit.requestEvents(events);
  }

  /** Puts {@code wanted} in force by rewriting the policy file, and waits until the agent says it changed. */
  private static synchronized void use(String wanted) throws IOException {
    if (wanted.equals(mode)) {
      return;
    }
    Path policyFile = shop.dir.resolve("policy.json");
    Path temp = policyFile.resolveSibling(".policy.json.tmp");
    Files.writeString(temp, policy(wanted, shop.dir), StandardCharsets.UTF_8);
    Files.move(temp, policyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    int expected = ++policyChanges;
    Polling.until(() -> {
      List<JsonNode> changed = AuditLogReader.events(shop.auditLog).stream()
          .filter(e -> "policy_changed".equals(AuditLogReader.type(e))).collect(Collectors.toList());
      return changed.size() >= expected ? changed : null;
    }, RELOAD_DEADLINE, () -> "no policy_changed event #" + expected + " after switching to " + wanted + "\n" + shop.outputs());
    mode = wanted;
  }

  /** Block and monitor as the harness writes them; sanitize: block mode with the XSS detector sanitizing. */
  private static String policy(String wanted, Path dir) {
    String base = AppProcess.policy("it-velocity-" + wanted, "sanitize".equals(wanted) ? "block" : wanted, dir);
    if (!"sanitize".equals(wanted)) {
      return base;
    }
    return base.replace(",\"audit\":", ",\"detectors\":{\"xss\":{\"mode\":\"sanitize\"}},\"audit\":");
  }
}
