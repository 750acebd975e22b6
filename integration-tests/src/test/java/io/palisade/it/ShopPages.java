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

/**
 * One Spring Boot shop with the agent for the template page ITs (Thymeleaf, FreeMarker, Velocity). A
 * Boot start is slow, so each IT starts its shop once and switches its policy block -> sanitize ->
 * monitor by rewriting the policy file, waiting for the agent's {@code policy_changed} event. The
 * policy in force is {@code <prefix>-<mode>}: block and monitor for every detector, sanitize is block
 * mode with the XSS detector sanitizing. Also the assertions on the findings the pages produce.
 */
final class ShopPages implements AutoCloseable {
  private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(20);
  private static final AtomicInteger SENTINELS = new AtomicInteger(9500);

  final AppProcess app;
  private final String policyPrefix;
  private String mode = "block";

  private ShopPages(AppProcess app, String policyPrefix) {
    this.app = app;
    this.policyPrefix = policyPrefix;
  }

  /** Starts the shop in its own directory {@code name}, on H2, with the policy {@code <policyPrefix>-block}. */
  static ShopPages start(String name, String policyPrefix) throws IOException {
    AppProcess app = AppProcess.start(new AppProcess.Spec(name, "h2").jar(SpringBootShopIT.Shop.jar())
        .startTimeout(SpringBootShopIT.START_TIMEOUT).agent(policy(policyPrefix, "block", AppProcess.dirFor(name))));
    return new ShopPages(app, policyPrefix);
  }

  private static String policy(String prefix, String mode, Path dir) {
    boolean sanitize = mode.equals("sanitize");
    return AppProcess.policy(prefix + "-" + mode, sanitize ? "block" : mode, dir,
        sanitize ? "{\"xss\":{\"mode\":\"sanitize\"}}" : null);
  }

  /** "block", "sanitize" or "monitor": the mode in force. */
  String mode() {
    return mode;
  }

  /** The name of the policy in force, as the events carry it. */
  String policyName() {
    return policyPrefix + "-" + mode;
  }

  /**
   * Puts {@code wanted} in force: rewrites the policy file (by rename, as an editor does) and waits until
   * the agent reports the new policy by name.
   */
  synchronized void use(String wanted) throws IOException {
    if (wanted.equals(mode)) {
      return;
    }
    int changesBefore = policyChanges().size();
    Path policyFile = app.dir.resolve("policy.json");
    Path temp = policyFile.resolveSibling(".policy.json.tmp");
    Files.writeString(temp, policy(policyPrefix, wanted, app.dir), StandardCharsets.UTF_8);
    Files.move(temp, policyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    JsonNode changed = Polling.until(() -> {
      List<JsonNode> changes = policyChanges();
      return changes.size() > changesBefore ? changes.get(changesBefore) : null;
    }, RELOAD_DEADLINE, () -> "no policy_changed event after switching to " + wanted + " in " + app.auditLog + ":\n"
        + AuditLogReader.text(app.auditLog) + "\n" + app.outputs());
    assertThat(changed.path("policy").path("name").asText()).as("policy_changed event %s", changed)
        .isEqualTo(policyPrefix + "-" + wanted);
    mode = wanted;
  }

  private List<JsonNode> policyChanges() {
    return AuditLogReader.events(app.auditLog).stream().filter(e -> "policy_changed".equals(AuditLogReader.type(e)))
        .collect(Collectors.toList());
  }

  int mark() {
    return Audit.mark(app);
  }

  /**
   * The request events and findings since {@code mark}, fenced by a sentinel SQL injection in the
   * shop's account path (reported in every mode; its own event excluded).
   */
  List<JsonNode> eventsSince(int mark) {
    String sentinel = "p" + SENTINELS.incrementAndGet() + "' OR '1'='1";
    Http.get(app, "/api/accounts/" + sentinel.replace(" ", "%20").replace("'", "%27").replace("=", "%3D"), Http.JSON);
    return Audit.requestEvents(Audit.fencedBy(app.auditLog, mark, sentinel, "GET /api/accounts/" + sentinel, app::outputs));
  }

  /** The one event since {@code mark} (asserted: exactly one), of the request {@code what}. */
  JsonNode onlyEvent(int mark, Object what) {
    List<JsonNode> events = eventsSince(mark);
    assertThat(events).as("events of %s in %s mode (exactly one expected):\n%s", what, mode, Audit.describe(events))
        .hasSize(1);
    return events.get(0);
  }

  /** Asserts that the requests since {@code mark} ({@code what}) produced no event. */
  void noEvent(int mark, Object what) {
    List<JsonNode> events = eventsSince(mark);
    assertThat(events).as("events of %s in %s mode:\n%s", what, mode, Audit.describe(events)).isEmpty();
  }

  @Override
  public void close() {
    app.close();
  }

  /** A reflected-XSS finding on {@code path}'s page, of the query parameter {@code inputName}. */
  static void xssFinding(JsonNode e, String action, String policyName, String path, String inputName, String value) {
    String ctx = "audit event " + e;
    assertThat(e.path("detector").asText()).as(ctx).isEqualTo("xss");
    assertThat(e.path("action").asText()).as(ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as(ctx).isEqualTo("CWE-79");
    assertThat(e.path("policy").path("name").asText()).as(ctx).isEqualTo(policyName);
    assertThat(e.path("request").path("path").asText()).as(ctx).isEqualTo(path);
    assertThat(e.path("input").path("source").asText()).as(ctx).isEqualTo("parameter");
    assertThat(e.path("input").path("name").asText()).as(ctx).isEqualTo(inputName);
    assertThat(e.path("input").path("value").asText()).as(ctx).isEqualTo(value);
    assertThat(e.path("sink").path("kind").asText()).as(ctx).isEqualTo("html_response");
    assertThat(e.path("sink").path("target").asText()).as(ctx).contains(value);
  }

  /**
   * A template-injection finding of the request value {@code inputValue}, checked at {@code sinkMethod};
   * where the value came from is the caller's to assert (a parameter, a header, a JSON body).
   */
  static void templateFinding(JsonNode e, String action, String policyName, String inputValue, String sinkMethod) {
    String ctx = "audit event " + e;
    assertThat(e.path("detector").asText()).as(ctx).isEqualTo("template_injection");
    assertThat(e.path("action").asText()).as(ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as(ctx).isEqualTo("CWE-1336");
    assertThat(e.path("policy").path("name").asText()).as(ctx).isEqualTo(policyName);
    assertThat(e.path("input").path("value").asText()).as(ctx).isEqualTo(inputValue);
    assertThat(e.path("sink").path("kind").asText()).as(ctx).isEqualTo("template");
    assertThat(e.path("sink").path("method").asText()).as(ctx).isEqualTo(sinkMethod);
    assertThat(e.path("sink").path("target").asText()).as(ctx).contains(inputValue);
  }
}
