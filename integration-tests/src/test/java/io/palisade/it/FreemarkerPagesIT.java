package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
  private static final String NAME = "shop-freemarker-" + DB;
  private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(15);
  private static final AtomicInteger SENTINELS = new AtomicInteger(9000);

  private static AppProcess shop;
  private static String currentMode;

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
    currentMode = "block";
    shop = AppProcess.start(new AppProcess.Spec(NAME, DB).jar(SpringBootShopIT.Shop.jar())
        .startTimeout(SpringBootShopIT.START_TIMEOUT).agent(policy("block")));
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  private static String policy(String mode) {
    String audit = AppProcess.dirFor(NAME).resolve("palisade-audit.jsonl").toString();
    String detectors = mode.equals("sanitize") ? ",\"detectors\":{\"xss\":{\"mode\":\"sanitize\"}}" : "";
    return "{\"version\":1,\"name\":\"it-freemarker-" + mode + "\",\"mode\":\"" + (mode.equals("monitor") ? "monitor" : "block")
        + "\"" + detectors + ",\"audit\":{\"path\":\"" + audit + "\",\"aggregate_repeats\":false}}";
  }

  /** Rewrites the policy file (by rename, as an editor does) and waits until the agent reports the change. */
  private static synchronized void switchTo(String mode) throws IOException {
    if (mode.equals(currentMode)) {
      return;
    }
    int changes = policyChanges().size();
    Path policyFile = shop.dir.resolve("policy.json");
    Path temp = policyFile.resolveSibling(".policy.json.tmp");
    Files.writeString(temp, policy(mode), StandardCharsets.UTF_8);
    Files.move(temp, policyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    JsonNode changed = Polling.until(() -> policyChanges().size() > changes ? policyChanges().get(changes) : null,
        RELOAD_DEADLINE, () -> "no policy_changed event for " + mode + "\n" + AuditLogReader.text(shop.auditLog));
    assertThat(changed.path("policy").path("name").asText()).isEqualTo("it-freemarker-" + mode);
    currentMode = mode;
  }

  private static List<JsonNode> policyChanges() {
    return AuditLogReader.events(shop.auditLog).stream().filter(e -> "policy_changed".equals(AuditLogReader.type(e)))
        .collect(Collectors.toList());
  }

  /** The findings since {@code mark}, fenced by a sentinel SQL injection in the shop's account path. */
  private static List<JsonNode> findingsSince(int mark) {
    String sentinel = "f" + SENTINELS.incrementAndGet() + "' OR '1'='1";
    Http.sendBody(shop, "GET", "/api/accounts/" + sentinel.replace(" ", "%20").replace("'", "%27").replace("=", "%3D"),
        null, null, Http.JSON);
    List<JsonNode> events = Polling.until(() -> {
      List<JsonNode> all = AuditLogReader.events(shop.auditLog);
      for (int i = mark; i < all.size(); i++) {
        if (sentinel.equals(all.get(i).path("input").path("value").asText(null))) {
          return all.subList(mark, i);
        }
      }
      return null;
    }, Polling.DEFAULT_DEADLINE, () -> "no sentinel event " + sentinel + "\n" + shop.outputs());
    return Expect.findings(events);
  }

  private static Http.Response withoutAgent(Http.Call call) {
    return Http.send(SpringBootShopIT.Shop.get(DB, SpringBootShopIT.Shop.Kind.NO_AGENT).app, call);
  }

  @Test
  void blockAnswersWithTheBlockResponseInsteadOfThePage() throws IOException {
    switchTo("block");
    for (Attack attack : XSS) {
      int mark = Audit.mark(shop);
      Http.Response response = Http.send(shop, attack.call());
      Expect.blockResponse(response, false, attack.toString());
      assertThat(response.body()).doesNotContain(attack.value());
      List<JsonNode> events = findingsSince(mark);
      assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
      xssFinding(events.get(0), "blocked", "it-freemarker-block", attack);
    }
  }

  @Test
  void sanitizeEscapesThePayloadAndSendsTheRestUnchanged() throws IOException {
    switchTo("sanitize");
    for (Attack attack : XSS) {
      Http.Response reference = withoutAgent(attack.call());
      assertThat(reference.body()).as("the page without the agent reflects the payload").contains(attack.value());
      int mark = Audit.mark(shop);
      Http.Response response = Http.send(shop, attack.call());
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).as(attack.toString())
          .isEqualTo(reference.body().replace(attack.value(), XssBlockingIT.htmlEscaped(attack.value())));
      List<JsonNode> events = findingsSince(mark);
      assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
      xssFinding(events.get(0), "sanitized", "it-freemarker-sanitize", attack);
    }
  }

  @Test
  void monitorSendsThePageUnchangedAndReportsIt() throws IOException {
    switchTo("monitor");
    for (Attack attack : XSS) {
      Http.Response reference = withoutAgent(attack.call());
      int mark = Audit.mark(shop);
      Expect.sameResponse(Http.send(shop, attack.call()), reference, attack.toString());
      List<JsonNode> events = findingsSince(mark);
      assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
      xssFinding(events.get(0), "monitored", "it-freemarker-monitor", attack);
    }
    // A harmless template-injection probe in monitor: evaluated as the shop would, and reported.
    Attack probe = SSTI.get(SSTI.size() - 1);
    int mark = Audit.mark(shop);
    Http.Response response = Http.send(shop, probe.call());
    Expect.sameResponse(response, withoutAgent(probe.call()), probe.toString());
    assertThat(response.body()).contains("Dear friend, 49");
    List<JsonNode> events = findingsSince(mark);
    assertThat(events).as("events of %s:\n%s", probe, Audit.describe(events)).hasSize(1);
    templateFinding(events.get(0), "monitored", "it-freemarker-monitor", probe);
  }

  @Test
  void benignPagesAreByteForByteUnchangedInEveryMode() throws IOException {
    for (String mode : List.of("block", "sanitize", "monitor")) {
      switchTo(mode);
      for (Http.Call call : BENIGN) {
        Http.Response reference = withoutAgent(call);
        int mark = Audit.mark(shop);
        Http.Response response = Http.send(shop, call);
        Expect.sameResponse(response, reference, call + " in " + mode);
        assertThat(response.contentType()).isEqualTo(reference.contentType());
        List<JsonNode> events = findingsSince(mark);
        assertThat(events).as("events of %s in %s:\n%s", call, mode, Audit.describe(events)).isEmpty();
      }
    }
    // The escaped twin really escapes what the vulnerable page reflects.
    assertThat(withoutAgent(BENIGN.get(0)).body()).contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void requestTextCompiledAsATemplateIsBlockedBeforeFreemarkerParsesIt() throws IOException {
    switchTo("block");
    for (Attack attack : SSTI) {
      int mark = Audit.mark(shop);
      Http.Response response = Http.send(shop, attack.call());
      Expect.blockResponse(response, false, attack.toString());
      List<JsonNode> events = findingsSince(mark);
      assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
      templateFinding(events.get(0), "blocked", "it-freemarker-block", attack);
    }
  }

  private static void xssFinding(JsonNode e, String action, String policy, Attack attack) {
    String ctx = "audit event " + e;
    assertThat(e.path("detector").asText()).as(ctx).isEqualTo("xss");
    assertThat(e.path("action").asText()).as(ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as(ctx).isEqualTo("CWE-79");
    assertThat(e.path("policy").path("name").asText()).as(ctx).isEqualTo(policy);
    assertThat(e.path("request").path("path").asText()).as(ctx).isEqualTo(attack.path());
    assertThat(e.path("input").path("name").asText()).as(ctx).isEqualTo(attack.param());
    assertThat(e.path("input").path("value").asText()).as(ctx).isEqualTo(attack.value());
    assertThat(e.path("sink").path("kind").asText()).as(ctx).isEqualTo("html_response");
    assertThat(e.path("sink").path("target").asText()).as(ctx).contains(attack.value());
  }

  private static void templateFinding(JsonNode e, String action, String policy, Attack attack) {
    String ctx = "audit event " + e;
    assertThat(e.path("detector").asText()).as(ctx).isEqualTo("template_injection");
    assertThat(e.path("action").asText()).as(ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as(ctx).isEqualTo("CWE-1336");
    assertThat(e.path("policy").path("name").asText()).as(ctx).isEqualTo(policy);
    assertThat(e.path("request").path("path").asText()).as(ctx).isEqualTo(attack.path());
    assertThat(e.path("input").path("name").asText()).as(ctx).isEqualTo(attack.param());
    assertThat(e.path("input").path("value").asText()).as(ctx).isEqualTo(attack.value());
    assertThat(e.path("sink").path("kind").asText()).as(ctx).isEqualTo("template");
    assertThat(e.path("sink").path("method").asText()).as(ctx).isEqualTo("freemarker.template.Template.<init>");
    assertThat(e.path("sink").path("target").asText()).as(ctx).contains(attack.value());
    assertThat(e.path("stack").path(0).asText()).as(ctx).startsWith("io.palisade.demo.shop.FreemarkerPagesController.card");
  }
}
