package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
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
  private static final Path TEMPLATES = Paths.get(System.getProperty("user.dir"))
      .resolve("../demo-apps/spring-boot-shop/src/main/resources/templates/velocity").normalize();

  private static ShopPages shop;

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
    shop = ShopPages.start("velocity-shop-" + DB, "it-velocity");
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
    shop.use("block");
    int mark = shop.mark();

    Http.Response response = Http.send(shop.app, search("/velocity/search", payload));

    Expect.blockResponse(response, false, payload);
    assertThat(response.body()).doesNotContain(payload);
    xssFinding(shop.onlyEvent(mark, payload), "blocked", payload);
  }

  @ParameterizedTest
  @MethodSource("reflections")
  void sanitizeModeEscapesTheActiveOccurrencesAndSendsTheRestOfThePage(Reflection reflection) throws IOException {
    shop.use("sanitize");
    int mark = shop.mark();
    String payload = reflection.payload();

    Http.Response response = Http.send(shop.app, search("/velocity/search", payload));

    assertThat(response.status()).isEqualTo(200);
    String template = Files.readString(TEMPLATES.resolve("search.vm"), StandardCharsets.UTF_8);
    int attribute = template.indexOf("$q");
    String expected = template.substring(0, attribute)
        + (reflection.activeInAttribute() ? agentEscaped(payload) : payload)
        + template.substring(attribute + 2).replace("$q", reflection.activeInText() ? agentEscaped(payload) : payload);
    assertThat(response.body()).isEqualTo(expected);
    xssFinding(shop.onlyEvent(mark, payload), "sanitized", payload);
  }

  @ParameterizedTest
  @MethodSource("xssPayloads")
  void monitorModeSendsThePageAsRenderedAndReportsIt(String payload) throws IOException {
    shop.use("monitor");
    int mark = shop.mark();

    Http.Response response = Http.send(shop.app, search("/velocity/search", payload));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(rawPage(payload));
    xssFinding(shop.onlyEvent(mark, payload), "monitored", payload);
  }

  @ParameterizedTest
  @ValueSource(strings = {"block", "sanitize", "monitor"})
  void escapedPagesAndBenignSearchesAreUnchangedWithoutEvents(String policyMode) throws IOException {
    shop.use(policyMode);
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
    shop.use("block");
    int mark = shop.mark();

    Http.Response response = Http.send(shop.app, preview(payload));

    Expect.blockResponse(response, false, payload);
    assertThat(response.body()).doesNotContain("Total", "java.lang", "E-mail preview");
    JsonNode e = shop.onlyEvent(mark, payload);
    ShopPages.templateFinding(e, "blocked", "it-velocity-block", payload, "org.apache.velocity.runtime.RuntimeInstance.parse");
    assertThat(e.path("input").path("name").asText()).isEqualTo("text");
    assertThat(e.path("stack").toString()).contains("io.palisade.demo.shop.VelocityPagesController");
  }

  @Test
  void sstiInMonitorModeIsEvaluatedAsWithoutTheAgentAndReported() throws IOException {
    shop.use("monitor");
    int mark = shop.mark();

    Http.Response response = Http.send(shop.app, preview("#set($a = 7 * 7)Total: $a"));

    assertThat(response.body()).isEqualTo(previewPage("Total: 49"));
    JsonNode e = shop.onlyEvent(mark, "the preview");
    assertThat(e.path("detector").asText()).isEqualTo("template_injection");
    assertThat(e.path("action").asText()).isEqualTo("monitored");
  }

  @Test
  void benignPreviewTextsPass() throws IOException {
    shop.use("block");
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
    int mark = shop.mark();
    Http.Response response = Http.send(shop.app, call);
    assertThat(response.status()).as("%s in %s mode: %s", call, shop.mode(), response).isEqualTo(200);
    assertThat(response.contentType()).contains("text/html");
    assertThat(response.body()).as("%s in %s mode", call, shop.mode()).isEqualTo(expectedBody);
    shop.noEvent(mark, call);
  }

  private static void xssFinding(JsonNode e, String action, String payload) {
    ShopPages.xssFinding(e, action, shop.policyName(), "/velocity/search", "q", payload);
  }
}
