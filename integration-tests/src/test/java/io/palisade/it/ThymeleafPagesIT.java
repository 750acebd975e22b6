package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Thymeleaf in the Spring Boot shop (Thymeleaf-Spring 6, view names {@code thymeleaf/*}): a review
 * preview that writes the comment with {@code th:utext} and the classic Spring view-name and
 * fragment-selector template injection. One shop with the agent is switched block, sanitize, monitor
 * by rewriting its policy file (a Boot start is slow); a shop without the agent is the reference for
 * every page. Reflected XSS: blocked with the block page, escaped in place, or sent unchanged and
 * reported. Template syntax that reaches a view name is blocked before Thymeleaf parses it, also where
 * Thymeleaf's own guard ({@code SpringRequestUtils.checkViewNameNotInRequest}, which looks only at the
 * URL path and the request parameters) lets it through and the expression runs: a header, a JSON body,
 * a value the application URL-decodes itself. Benign pages, the safe twins given the same payloads
 * included, are byte-for-byte what the shop sends without the agent, with no event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThymeleafPagesIT {
  private static final String DB = "h2";
  private static final String SSTI_SINK = "org.thymeleaf.spring6.view.ThymeleafView.renderFragment";
  private static final String FOOTER = "<footer><p>Prices include VAT.</p></footer>";

  /** A request to the shop, with a description that names where the payload travels. */
  record Call(String label, String method, String path, String json, String... headers) {
    static Call get(String label, String path, String... headers) {
      return new Call(label, "GET", path, null, headers);
    }

    @Override
    public String toString() {
      return label + " (" + method + " " + path + (json == null ? "" : " " + json) + ")";
    }
  }

  /** Reflected XSS: the comment parameter of the th:utext page. */
  record XssAttack(String value) {
    Call call() {
      return Call.get("comment " + value, "/thymeleaf/reviews/preview?name=Ann&comment=" + encode(value));
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /**
   * Template syntax that reaches a view name: the request, the input that carries it (source, name,
   * value as decoded, decoding), and what the shop without the agent answers: {@code refusedByThymeleaf}
   * (a 500 from Thymeleaf's own guard or its restricted expression mode) or {@code evaluatedTo} (the
   * expression ran and its result is in the page).
   */
  record SstiAttack(Call call, String source, String inputName, String inputValue, String decoding,
      boolean refusedByThymeleaf, String evaluatedTo) {
    @Override
    public String toString() {
      return call.toString();
    }
  }

  static final List<XssAttack> XSS = List.of(
      new XssAttack("<script>alert(1)</script>"),
      new XssAttack("<img src=x onerror=alert(document.cookie)>"),
      new XssAttack("<a href=\"javascript:alert(1)\">click</a>"));

  static final String RCE = "__${T(java.lang.Runtime).getRuntime().exec('id')}__::.x";

  static final List<SstiAttack> SSTI = List.of(
      new SstiAttack(Call.get("view name from a parameter: preprocessed Runtime.exec", "/thymeleaf/welcome?lang=" + encode(RCE)),
          "parameter", "lang", RCE, null, true, null),
      new SstiAttack(new Call("view name from a JSON body", "POST", "/thymeleaf/welcome", "{\"lang\":\"__${'e'+'n'}__::.x\"}"),
          "body", "/lang", "__${'e'+'n'}__::.x", null, false, null),
      new SstiAttack(new Call("view name from a JSON body: preprocessed Runtime.exec", "POST", "/thymeleaf/welcome",
          "{\"lang\":\"" + RCE + "\"}"), "body", "/lang", RCE, null, true, null),
      new SstiAttack(Call.get("fragment selector from a parameter", "/thymeleaf/fragments?section=" + encode("__${'foo'+'ter'}__")),
          "parameter", "section", "__${'foo'+'ter'}__", null, true, null),
      new SstiAttack(Call.get("fragment selector from a header: preprocessing", "/thymeleaf/fragments/by-header",
          "X-Section", "__${'foo'+'ter'}__"), "header", "x-section", "__${'foo'+'ter'}__", null, false, FOOTER),
      new SstiAttack(Call.get("fragment selector from a header: a variable expression", "/thymeleaf/fragments/by-header",
          "X-Section", "${'foo'+'ter'}"), "header", "x-section", "${'foo'+'ter'}", null, false, FOOTER),
      new SstiAttack(Call.get("fragment selector from a header: a selection expression", "/thymeleaf/fragments/by-header",
          "X-Section", "*{'footer'}"), "header", "x-section", "*{'footer'}", null, false, FOOTER),
      new SstiAttack(Call.get("fragment selector from a header: a fragment expression", "/thymeleaf/fragments/by-header",
          "X-Section", "~{thymeleaf/fragments :: footer}"), "header", "x-section", "~{thymeleaf/fragments :: footer}",
          null, false, null),
      new SstiAttack(Call.get("fragment selector from a header: a link expression", "/thymeleaf/fragments/by-header",
          "X-Section", "@{/footer}"), "header", "x-section", "@{/footer}", null, false, null),
      new SstiAttack(Call.get("fragment selector the application URL-decodes once more",
          "/thymeleaf/fragments/decoded?section=" + encode(encode("__${'foo'+'ter'}__"))),
          "parameter", "section", "__${'foo'+'ter'}__", "url", false, FOOTER));

  static final List<Call> BENIGN = List.of(
      Call.get("maths, a heart and an apostrophe on the th:utext page",
          "/thymeleaf/reviews/preview?name=Ann&comment=" + encode("a < b, <3, O'Brien")),
      Call.get("markdown and a code snippet on the th:utext page",
          "/thymeleaf/reviews/preview?comment=" + encode("**Great** desk, `x > 0` holds; costs $5 {approx}")),
      Call.get("a script on the th:text page", "/safe/thymeleaf/reviews/preview?name=" + encode("<b onclick=x>")
          + "&comment=" + encode("<script>alert(1)</script>")),
      Call.get("the page without a comment", "/thymeleaf/reviews/preview"),
      Call.get("lang=en", "/thymeleaf/welcome?lang=en"),
      Call.get("lang=de", "/thymeleaf/welcome?lang=de"),
      new Call("lang=de in a JSON body", "POST", "/thymeleaf/welcome", "{\"lang\":\"de\"}"),
      Call.get("section=header", "/thymeleaf/fragments?section=header"),
      Call.get("section=footer", "/thymeleaf/fragments?section=footer"),
      Call.get("section footer from a header", "/thymeleaf/fragments/by-header", "X-Section", "footer"),
      Call.get("the safe view-name twin given the payload", "/safe/thymeleaf/welcome?lang=" + encode(RCE)),
      Call.get("the safe fragment twin given the payload", "/safe/thymeleaf/fragments?section=" + encode("__${'foo'+'ter'}__")),
      Call.get("template syntax in a parameter that is not in the view name",
          "/thymeleaf/welcome?lang=de&ref=" + encode("${7*7}")));

  private static AppProcess reference;
  private static ShopPages shop;

  @BeforeAll
  static void startShops() throws IOException {
    reference = AppProcess.start(new AppProcess.Spec("shop-thymeleaf-reference", DB).jar(SpringBootShopIT.Shop.jar())
        .startTimeout(SpringBootShopIT.START_TIMEOUT));
    shop = ShopPages.start("shop-thymeleaf-agent", "it-thyme");
  }

  @AfterAll
  static void stopShops() {
    if (shop != null) {
      shop.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @Test
  @Order(1)
  void blockMode() {
    for (XssAttack attack : XSS) {
      Call call = attack.call();
      Http.Response referencePage = send(reference, call);
      assertThat(referencePage.body()).as("without the agent the page reflects %s", attack).contains(attack.value());
      int mark = shop.mark();
      Http.Response response = send(shop.app, call);
      Expect.blockResponse(response, false, call.toString());
      assertThat(response.body()).doesNotContain(attack.value());
      xssFinding(shop.onlyEvent(mark, call), "blocked", "it-thyme-block", attack);
    }
    sstiBlocked("it-thyme-block");
    benignUnchanged();
  }

  @Test
  @Order(2)
  void sanitizeMode() throws IOException {
    shop.use("sanitize");
    for (XssAttack attack : XSS) {
      Call call = attack.call();
      Http.Response referencePage = send(reference, call);
      int mark = shop.mark();
      Http.Response response = send(shop.app, call);
      assertThat(response.status()).as("%s: %s", call, response).isEqualTo(200);
      assertThat(response.body()).as("%s: the page with only the comment escaped", call)
          .isEqualTo(referencePage.body().replace(attack.value(), XssBlockingIT.htmlEscaped(attack.value())));
      xssFinding(shop.onlyEvent(mark, call), "sanitized", "it-thyme-sanitize", attack);
    }
    // Template injection has no sanitize action: still blocked.
    sstiBlocked("it-thyme-sanitize");
    benignUnchanged();
  }

  @Test
  @Order(3)
  void monitorMode() throws IOException {
    shop.use("monitor");
    for (XssAttack attack : XSS) {
      Call call = attack.call();
      Http.Response referencePage = send(reference, call);
      int mark = shop.mark();
      Expect.sameResponse(send(shop.app, call), referencePage, call.toString());
      xssFinding(shop.onlyEvent(mark, call), "monitored", "it-thyme-monitor", attack);
    }
    for (SstiAttack attack : SSTI) {
      Http.Response referencePage = send(reference, attack.call());
      int mark = shop.mark();
      Http.Response response = send(shop.app, attack.call());
      // Same status and, where Thymeleaf rendered a page, the same page: the expression ran as without the agent.
      assertThat(response.status()).as("%s in monitor mode: %s (without the agent: %s)", attack, response, referencePage)
          .isEqualTo(referencePage.status());
      if (referencePage.status() == 200) {
        assertThat(response.body()).as("%s in monitor mode", attack).isEqualTo(referencePage.body());
      }
      sstiFinding(shop.onlyEvent(mark, attack.call()), "monitored", "it-thyme-monitor", attack);
    }
    benignUnchanged();
  }

  /** Every SSTI case: 403 and one event; without the agent, Thymeleaf refuses it or the expression runs. */
  private static void sstiBlocked(String policyName) {
    for (SstiAttack attack : SSTI) {
      Http.Response referencePage = send(reference, attack.call());
      if (attack.refusedByThymeleaf()) {
        assertThat(referencePage.status()).as("without the agent Thymeleaf refuses %s: %s", attack, referencePage)
            .isEqualTo(500);
      } else if (attack.evaluatedTo() != null) {
        assertThat(referencePage.status()).as("without the agent %s gets past Thymeleaf's guard: %s", attack, referencePage)
            .isEqualTo(200);
        assertThat(referencePage.body()).as("without the agent the expression of %s ran", attack)
            .isEqualTo(attack.evaluatedTo());
      }
      int mark = shop.mark();
      Http.Response response = send(shop.app, attack.call());
      Expect.blockResponse(response, false, attack.toString());
      sstiFinding(shop.onlyEvent(mark, attack.call()), "blocked", policyName, attack);
    }
  }

  private static void benignUnchanged() {
    for (Call call : BENIGN) {
      Http.Response referencePage = send(reference, call);
      assertThat(referencePage.status()).as("reference answer to %s: %s", call, referencePage).isEqualTo(200);
      int mark = shop.mark();
      Http.Response response = send(shop.app, call);
      Expect.sameResponse(response, referencePage, call.toString());
      assertThat(response.contentType()).as("content type of %s", call).isEqualTo(referencePage.contentType());
      shop.noEvent(mark, "benign " + call);
    }
  }

  private static void xssFinding(JsonNode e, String action, String policyName, XssAttack attack) {
    ShopPages.xssFinding(e, action, policyName, "/thymeleaf/reviews/preview", "comment", attack.value());
  }

  private static void sstiFinding(JsonNode e, String action, String policyName, SstiAttack attack) {
    // Checked where Thymeleaf-Spring parses the view name, before its preprocessing could run.
    ShopPages.templateFinding(e, action, policyName, attack.inputValue(), SSTI_SINK);
    String ctx = "audit event " + e;
    assertThat(e.path("input").path("source").asText()).as(ctx).isEqualTo(attack.source());
    assertThat(e.path("input").path("name").asText()).as(ctx).isEqualToIgnoringCase(attack.inputName());
    if (attack.decoding() != null) {
      assertThat(e.path("input").path("decoding").asText()).as(ctx).isEqualTo(attack.decoding());
    }
    assertThat(e.path("sink").path("target").asText()).as(ctx).contains("::");
  }

  private static Http.Response send(AppProcess app, Call call) {
    byte[] body = call.json() == null ? null : call.json().getBytes(StandardCharsets.UTF_8);
    return Http.sendBody(app, call.method(), call.path(), call.json() == null ? null : "application/json", body,
        Http.HTML, call.headers());
  }

  /** Percent-encoding as a browser does for a query: a space is %20, not '+'. */
  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
