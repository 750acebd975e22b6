package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot shop's FreeMarker pages with the agent: reflected XSS through a {@code .ftl} page
 * (no auto-escaping) and through {@code ?no_esc} is blocked (403 + event), sanitized (escaped in the
 * page + event) and monitored (page unchanged + event); the auto-escaped {@code .ftlh} twin and benign
 * values are byte for byte what the shop without the agent answers, without an event; request text
 * compiled as a template ({@code /freemarker/card}) is blocked before FreeMarker parses it. One shop
 * with the agent, switched block -> sanitize -> monitor by rewriting its policy file (hot reload).
 */
class FreemarkerPagesIT {
  private static final String DB = "h2";
  private static final String TEMPLATE_SINK = "freemarker.template.Template.<init>";

  private static ShopPages shop;

  record Attack(String name, String path, String param, String value) {
    Http.Call call() {
      return Http.Call.get(path, Http.HTML, param, value);
    }

    @Override
    public String toString() {
      return name + " " + path;
    }
  }

  static final List<Attack> XSS = List.of(
      new Attack(".ftl page, img onerror", "/freemarker/review", "comment", "<img src=x onerror=alert(1)>"),
      new Attack(".ftl page, script", "/freemarker/review", "comment", "<script>alert(document.cookie)</script>"),
      new Attack("?no_esc, svg onload", "/freemarker/search", "q", "<svg/onload=alert(1)>"));

  /** Pages that must pass unchanged in every mode: escaped twins, inert values, template syntax as a value. */
  static final List<Http.Call> BENIGN = List.of(
      Http.Call.get("/safe/freemarker/review", Http.HTML, "comment", "<img src=x onerror=alert(1)>"),
      Http.Call.get("/safe/freemarker/review", Http.HTML, "comment", "<script>alert(document.cookie)</script>"),
      Http.Call.get("/freemarker/review", Http.HTML, "comment", "a < b, I <3 this lamp, O'Brien's **bold** pick"),
      Http.Call.get("/freemarker/search", Http.HTML, "q", "lamp"),
      Http.Call.get("/safe/freemarker/review", Http.HTML, "comment", "Tip: <#list items as i>${i}</#list> renders a list"),
      Http.Call.get("/safe/freemarker/card", Http.HTML, "text", "${\"freemarker.template.utility.Execute\"?new()(\"id\")}"),
      Http.Call.get("/freemarker/card", Http.HTML, "text", "Happy birthday! 50% off, <3", "to", "${name}"),
      Http.Call.get("/freemarker/card", Http.HTML, "text", "Happy birthday, see you at #10 [Main St]"));

  static final List<Attack> SSTI = List.of(
      new Attack("Execute?new()", "/freemarker/card", "text", "${\"freemarker.template.utility.Execute\"?new()(\"id\")}"),
      new Attack("<#assign> Execute", "/freemarker/card", "text",
          "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}"),
      new Attack("[#assign] square brackets", "/freemarker/card", "text",
          "[#assign ex='freemarker.template.utility.Execute'?new()]${ex('id')}"),
      new Attack("<#include> of a file", "/freemarker/card", "text", "<#include \"/etc/passwd\">"),
      new Attack("arithmetic probe", "/freemarker/card", "text", "${7*7}"));

  @BeforeAll
  static void start() throws IOException {
    shop = ShopPages.start("shop-freemarker-" + DB, "it-freemarker");
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  private static Http.Response withoutAgent(Http.Call call) {
    return Http.send(SpringBootShopIT.Shop.get(DB, SpringBootShopIT.Shop.Kind.NO_AGENT).app, call);
  }

  @Test
  void blockAnswersWithTheBlockResponseInsteadOfThePage() throws IOException {
    shop.use("block");
    for (Attack attack : XSS) {
      int mark = shop.mark();
      Http.Response response = Http.send(shop.app, attack.call());
      Expect.blockResponse(response, false, attack.toString());
      assertThat(response.body()).doesNotContain(attack.value());
      xssFinding(shop.onlyEvent(mark, attack), "blocked", "it-freemarker-block", attack);
    }
  }

  @Test
  void sanitizeEscapesThePayloadAndSendsTheRestUnchanged() throws IOException {
    shop.use("sanitize");
    for (Attack attack : XSS) {
      Http.Response reference = withoutAgent(attack.call());
      assertThat(reference.body()).as("the page without the agent reflects the payload").contains(attack.value());
      int mark = shop.mark();
      Http.Response response = Http.send(shop.app, attack.call());
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).as(attack.toString())
          .isEqualTo(reference.body().replace(attack.value(), XssBlockingIT.htmlEscaped(attack.value())));
      xssFinding(shop.onlyEvent(mark, attack), "sanitized", "it-freemarker-sanitize", attack);
    }
  }

  @Test
  void monitorSendsThePageUnchangedAndReportsIt() throws IOException {
    shop.use("monitor");
    for (Attack attack : XSS) {
      Http.Response reference = withoutAgent(attack.call());
      int mark = shop.mark();
      Expect.sameResponse(Http.send(shop.app, attack.call()), reference, attack.toString());
      xssFinding(shop.onlyEvent(mark, attack), "monitored", "it-freemarker-monitor", attack);
    }
    // A harmless template-injection probe in monitor: evaluated as the shop would, and reported.
    Attack probe = SSTI.get(SSTI.size() - 1);
    int mark = shop.mark();
    Http.Response response = Http.send(shop.app, probe.call());
    Expect.sameResponse(response, withoutAgent(probe.call()), probe.toString());
    assertThat(response.body()).contains("Dear friend, 49");
    templateFinding(shop.onlyEvent(mark, probe), "monitored", "it-freemarker-monitor", probe);
  }

  @Test
  void benignPagesAreByteForByteUnchangedInEveryMode() throws IOException {
    for (String mode : List.of("block", "sanitize", "monitor")) {
      shop.use(mode);
      for (Http.Call call : BENIGN) {
        Http.Response reference = withoutAgent(call);
        int mark = shop.mark();
        Http.Response response = Http.send(shop.app, call);
        Expect.sameResponse(response, reference, call + " in " + mode);
        assertThat(response.contentType()).isEqualTo(reference.contentType());
        shop.noEvent(mark, call);
      }
    }
    // The escaped twin really escapes what the vulnerable page reflects.
    assertThat(withoutAgent(BENIGN.get(0)).body()).contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void requestTextCompiledAsATemplateIsBlockedBeforeFreemarkerParsesIt() throws IOException {
    shop.use("block");
    for (Attack attack : SSTI) {
      int mark = shop.mark();
      Http.Response response = Http.send(shop.app, attack.call());
      Expect.blockResponse(response, false, attack.toString());
      templateFinding(shop.onlyEvent(mark, attack), "blocked", "it-freemarker-block", attack);
    }
  }

  private static void xssFinding(JsonNode e, String action, String policy, Attack attack) {
    ShopPages.xssFinding(e, action, policy, attack.path(), attack.param(), attack.value());
  }

  private static void templateFinding(JsonNode e, String action, String policy, Attack attack) {
    ShopPages.templateFinding(e, action, policy, attack.value(), TEMPLATE_SINK);
    String ctx = "audit event " + e;
    assertThat(e.path("request").path("path").asText()).as(ctx).isEqualTo(attack.path());
    assertThat(e.path("input").path("name").asText()).as(ctx).isEqualTo(attack.param());
    assertThat(e.path("stack").path(0).asText()).as(ctx).startsWith("io.palisade.demo.shop.FreemarkerPagesController.card");
  }
}
