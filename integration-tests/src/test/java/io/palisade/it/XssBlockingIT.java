package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reflected XSS in pages the application writes by hand to {@code getWriter()}: blocked (403 before
 * anything is sent, or the connection aborted when the page was already flushed), sanitized (the
 * payload escaped, the rest of the page byte for byte what the application wrote), monitored (the page
 * unchanged), and benign pages unchanged in every mode.
 */
class XssBlockingIT {
  private static final String DB = "h2";
  private static AppProcess sanitizeApp;

  record Attack(String name, String path, String param, String value) {
    Attack(String name, String param, String value) {
      this(name, "/reviews/preview", param, value);
    }

    Http.Call call() {
      return Http.Call.get(path, Http.HTML, param, value);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Attack> attacks() {
    return List.of(
        new Attack("script tag in text", "comment", "<script>alert(document.cookie)</script>"),
        new Attack("img onerror in text", "comment", "<img src=x onerror=alert(1)>"),
        new Attack("svg onload, mixed case", "comment", "<SvG/OnLoad=alert`1`>"),
        new Attack("attribute breakout", "name", "\" autofocus onfocus=\"alert(1)"),
        new Attack("attribute breakout to a tag", "name", "\"><script>alert(1)</script>"),
        new Attack("Thymeleaf th:utext", "/thymeleaf/review", "comment", "<img src=x onerror=alert(1)>"),
        new Attack("Thymeleaf th:utext, details/ontoggle", "/thymeleaf/review", "comment", "<details open ontoggle=alert(1)>"));
  }

  /** Values that must never be findings, even echoed raw, and pages whose escaping does its job. */
  static List<Http.Call> benign() {
    return List.of(
        Http.Call.get("/reviews/preview", Http.HTML, "comment", "a < b and b > c"),
        Http.Call.get("/reviews/preview", Http.HTML, "comment", "I <3 this book"),
        Http.Call.get("/reviews/preview", Http.HTML, "name", "O'Brien", "comment", "\"Great\" read, 5/5"),
        Http.Call.get("/reviews/preview", Http.HTML, "comment", "**bold** _it_ [link](https://example.org) `x <= y`"),
        Http.Call.get("/reviews/preview", Http.HTML, "comment", "<b>", "name", "</form>"),
        Http.Call.get("/safe/reviews/preview", Http.HTML, "comment", "<script>alert(1)</script>"),
        Http.Call.get("/safe/reviews/preview", Http.HTML, "name", "\" onfocus=\"alert(1)", "comment", "<img src=x onerror=alert(1)>"),
        Http.Call.get("/thymeleaf/review", Http.HTML, "comment", "a < b, <3, O'Brien"),
        Http.Call.get("/safe/thymeleaf/review", Http.HTML, "comment", "<script>alert(1)</script>", "name", "<b onclick=x>"));
  }

  @BeforeAll
  static void startSanitizeApp() throws IOException {
    String name = "sanitize-xss-" + DB;
    String policy = AppProcess.policy("it-xss-sanitize", "block", AppProcess.dirFor(name), "{\"xss\":{\"mode\":\"sanitize\"}}");
    sanitizeApp = AppProcess.start(new AppProcess.Spec(name, DB).agent(policy));
  }

  @AfterAll
  static void stopSanitizeApp() {
    if (sanitizeApp != null) {
      sanitizeApp.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void blockModeAnswersWithTheBlockResponseInsteadOfThePage(Attack attack) {
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, attack.call());

    Expect.blockResponse(response, false, attack.name());
    assertThat(response.body()).doesNotContain(attack.value());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
    xssFinding(events.get(0), "blocked", "it-block-" + DB, attack);
    assertThat(events.get(0).path("response_committed").asBoolean(true)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void sanitizeModeEscapesThePayloadAndSendsTheRestUnchanged(Attack attack) {
    Http.Response reference = Http.send(Apps.get(DB, Apps.Kind.NO_AGENT), attack.call());
    assertThat(reference.body()).as("the page without the agent reflects the payload").contains(attack.value());
    int mark = Audit.mark(sanitizeApp);

    Http.Response response = Http.send(sanitizeApp, attack.call());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(reference.body().replace(attack.value(), htmlEscaped(attack.value())));
    List<JsonNode> events = Expect.findings(Audit.since(sanitizeApp, mark));
    assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
    xssFinding(events.get(0), "sanitized", "it-xss-sanitize", attack);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void monitorModeSendsThePageUnchangedAndReportsIt(Attack attack) {
    Http.Response reference = Http.send(Apps.get(DB, Apps.Kind.NO_AGENT), attack.call());
    AppProcess app = Apps.get(DB, Apps.Kind.MONITOR);
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, attack.call());

    Expect.sameResponse(response, reference, attack.name());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
    xssFinding(events.get(0), "monitored", "it-monitor-" + DB, attack);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("benign")
  void benignPagesAreByteForByteUnchangedInEveryMode(Http.Call call) {
    Http.Response reference = Http.send(Apps.get(DB, Apps.Kind.NO_AGENT), call);
    for (AppProcess app : List.of(Apps.get(DB, Apps.Kind.BLOCK), sanitizeApp, Apps.get(DB, Apps.Kind.MONITOR))) {
      int mark = Audit.mark(app);
      Http.Response response = Http.send(app, call);
      Expect.sameResponse(response, reference, call + " on " + app.spec.name);
      assertThat(response.contentType()).isEqualTo(reference.contentType());
      List<JsonNode> events = Expect.findings(Audit.since(app, mark));
      assertThat(events).as("events of %s on %s:\n%s", call, app.spec.name, Audit.describe(events)).isEmpty();
    }
  }

  @Test
  void aLargeBenignPageIsUnchanged() {
    Http.Call call = Http.Call.get("/reviews/preview", Http.HTML, "comment", "x < y", "rows", "20000");
    Http.Response reference = Http.send(Apps.get(DB, Apps.Kind.NO_AGENT), call);
    Expect.sameResponse(Http.send(Apps.get(DB, Apps.Kind.BLOCK), call), reference, "a page of about 900 KiB");
    assertThat(reference.body().length()).isGreaterThan(800_000);
  }

  @Test
  void aPageFlushedBeforeThePayloadIsAbortedNotCompleted() {
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    Attack attack = attacks().get(0);
    // 5000 rows (about 220 KB) are more than the 64 KiB buffer: the container has sent part of the page.
    Http.Call call = Http.Call.get("/reviews/preview", Http.HTML, attack.param(), attack.value(), "rows", "5000");
    int mark = Audit.mark(app);

    Throwable failure = catchThrowable(() -> Http.send(app, call));

    assertThat(failure).as("the client must see a broken response, not a complete page without the rest")
        .isInstanceOf(AssertionError.class).hasCauseInstanceOf(IOException.class);
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events:\n%s", Audit.describe(events)).hasSize(1);
    xssFinding(events.get(0), "blocked_after_commit", "it-block-" + DB, attack);
  }

  @Test
  void aPageUpToTheBufferIsBlockedBeforeAnythingIsSent() {
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    Attack attack = attacks().get(1);
    // About 45 KB before the payload: larger than Tomcat's default 8 KiB buffer, within the 64 KiB one.
    Http.Call call = Http.Call.get("/reviews/preview", Http.HTML, attack.param(), attack.value(), "rows", "1000");
    int mark = Audit.mark(app);

    Expect.blockResponse(Http.send(app, call), false, "a 45 KB page");
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).hasSize(1);
    xssFinding(events.get(0), "blocked", "it-block-" + DB, attack);
  }

  private static void xssFinding(JsonNode e, String action, String policy, Attack attack) {
    String ctx = "audit event " + e;
    assertThat(e.path("detector").asText()).as(ctx).isEqualTo("xss");
    assertThat(e.path("action").asText()).as(ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as(ctx).isEqualTo("CWE-79");
    assertThat(e.path("policy").path("name").asText()).as(ctx).isEqualTo(policy);
    assertThat(e.path("request").path("path").asText()).as(ctx).isEqualTo(attack.path());
    assertThat(e.path("input").path("source").asText()).as(ctx).isEqualTo("parameter");
    assertThat(e.path("input").path("name").asText()).as(ctx).isEqualTo(attack.param());
    assertThat(e.path("input").path("value").asText()).as(ctx).isEqualTo(attack.value());
    assertThat(e.path("sink").path("kind").asText()).as(ctx).isEqualTo("html_response");
    assertThat(e.path("sink").path("target").asText()).as(ctx).contains(attack.value());
    assertThat(e.path("reason").asText()).as(ctx).contains("Reflected XSS").contains(attack.param());
    assertThat(e.path("stack").toString()).as(ctx).contains("io.palisade.demo.bookstore.")
        .doesNotContain("org.apache.catalina");
  }

  /** The escaping of the sanitize action (the agent's HtmlEscaping). */
  static String htmlEscaped(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
  }
}
