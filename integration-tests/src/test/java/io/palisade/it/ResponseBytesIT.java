package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reflected XSS in pages the application writes as bytes to {@code getOutputStream()} (the
 * bookstore's {@code /legacy/search}, written in small chunks so that payloads and multi-byte
 * characters straddle writes): blocked (403 before anything is sent, or the connection aborted once
 * the page was committed), sanitized (the payload escaped in the page's own encoding, every other byte
 * as the application wrote it), monitored (the bytes unchanged), and benign pages and binary
 * downloads byte for byte unchanged in every mode, in UTF-8 and in single-byte charsets.
 */
class ResponseBytesIT {
  private static final String DB = "h2";
  private static AppProcess sanitizeApp;

  /**
   * {@code attributeActive}: the echo into the input's value="..." is active too (a quote breakout);
   * otherwise only the echo into the page's text is, and sanitize escapes that one alone.
   */
  record Attack(String name, String value, String charset, String chunk, boolean attributeActive) {
    Http.Call call(String... more) {
      List<String> params = new ArrayList<>(List.of("q", value, "charset", charset, "chunk", chunk));
      params.addAll(Arrays.asList(more));
      return Http.Call.get("/legacy/search", Http.HTML, params.toArray(new String[0]));
    }

    Charset encoding() {
      return Charset.forName(charset);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Attack> attacks() {
    return List.of(
        new Attack("script tag, UTF-8, 7-byte writes", "<script>alert(document.cookie)</script>", "UTF-8", "7", false),
        new Attack("img onerror with multi-byte characters split across 3-byte writes",
            "<img src=x onerror=alert('Grüße € 書')>", "UTF-8", "3", false),
        new Attack("attribute breakout, one byte per write", "\"><svg onload=alert(1)>", "UTF-8", "1", true),
        new Attack("ISO-8859-1 page", "<img src=x onerror=alert('café')>", "ISO-8859-1", "5", false),
        new Attack("windows-1252 page, attribute breakout", "\"><img src=x onerror=alert('naïve')>", "windows-1252", "64", true));
  }

  /** Pages that must reach the client exactly as the application wrote them, with no event. */
  static List<Http.Call> benign() {
    return List.of(
        Http.Call.get("/legacy/search", Http.HTML, "q", "a < b and b > c"),
        Http.Call.get("/legacy/search", Http.HTML, "q", "I <3 Bücher", "chunk", "2"),
        Http.Call.get("/legacy/search", Http.HTML, "q", "O'Brien's \"Dubliners\"", "charset", "ISO-8859-1"),
        Http.Call.get("/legacy/search", Http.HTML, "q", "<b>", "charset", "windows-1252"),
        Http.Call.get("/safe/legacy/search", Http.HTML, "q", "<script>alert(1)</script>"),
        Http.Call.get("/safe/legacy/search", Http.HTML, "q", "\"><img src=x onerror=alert('é')>", "charset", "ISO-8859-1", "chunk", "1"),
        Http.Call.get("/legacy/export", Http.HTML, "q", "<script>alert(1)</script>"),
        Http.Call.get("/legacy/export", Http.HTML, "q", "\"><svg onload=alert(1)>", "chunk", "1"));
  }

  @BeforeAll
  static void startSanitizeApp() throws IOException {
    String name = "sanitize-bytes-" + DB;
    // One event per finding (AppProcess.policy): the attacks come faster than one a second.
    String policy = AppProcess.policy("it-bytes-sanitize", "block", AppProcess.dirFor(name), "{\"xss\":{\"mode\":\"sanitize\"}}");
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
    assertThat(response.body()).doesNotContain(attack.value()).doesNotContain("Legacy search");
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
    xssFinding(events.get(0), "blocked", "it-block-" + DB, attack);
    assertThat(events.get(0).path("response_committed").asBoolean(true)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void sanitizeModeEscapesThePayloadInThePagesEncodingAndKeepsEveryOtherByte(Attack attack) {
    Http.BytesResponse reference = Http.sendForBytes(Apps.get(DB, Apps.Kind.NO_AGENT), attack.call());
    byte[] raw = attack.value().getBytes(attack.encoding());
    byte[] escaped = XssBlockingIT.htmlEscaped(attack.value()).getBytes(attack.encoding());
    List<Integer> echoes = occurrences(reference.body(), raw);
    assertThat(echoes).as("the page without the agent echoes the payload raw twice").hasSize(2);
    byte[] expected = replaceAt(reference.body(), raw, escaped, attack.attributeActive() ? echoes : echoes.subList(1, 2));
    int mark = Audit.mark(sanitizeApp);

    Http.BytesResponse response = Http.sendForBytes(sanitizeApp, attack.call());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(reference.contentType());
    assertThat(response.text(attack.encoding())).as("the page as text").isEqualTo(new String(expected, attack.encoding()));
    assertThat(response.body()).as("the page's bytes").isEqualTo(expected);
    List<JsonNode> events = Expect.findings(Audit.since(sanitizeApp, mark));
    assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
    xssFinding(events.get(0), "sanitized", "it-bytes-sanitize", attack);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void monitorModeSendsTheBytesUnchangedAndReportsThem(Attack attack) {
    Http.BytesResponse reference = Http.sendForBytes(Apps.get(DB, Apps.Kind.NO_AGENT), attack.call());
    AppProcess app = Apps.get(DB, Apps.Kind.MONITOR);
    int mark = Audit.mark(app);

    Http.BytesResponse response = Http.sendForBytes(app, attack.call());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).as("the page's bytes").isEqualTo(reference.body());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events of %s:\n%s", attack, Audit.describe(events)).hasSize(1);
    xssFinding(events.get(0), "monitored", "it-monitor-" + DB, attack);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("benign")
  void benignPagesAndDownloadsAreByteForByteUnchangedInEveryMode(Http.Call call) {
    Http.BytesResponse reference = Http.sendForBytes(Apps.get(DB, Apps.Kind.NO_AGENT), call);
    assertThat(reference.status()).isEqualTo(200);
    for (AppProcess app : List.of(Apps.get(DB, Apps.Kind.BLOCK), sanitizeApp, Apps.get(DB, Apps.Kind.MONITOR))) {
      int mark = Audit.mark(app);
      Http.BytesResponse response = Http.sendForBytes(app, call);
      assertThat(response.status()).as("status of %s on %s", call, app.spec.name).isEqualTo(200);
      assertThat(response.contentType()).isEqualTo(reference.contentType());
      assertThat(response.body()).as("bytes of %s on %s", call, app.spec.name).isEqualTo(reference.body());
      List<JsonNode> events = Expect.findings(Audit.since(app, mark));
      assertThat(events).as("events of %s on %s:\n%s", call, app.spec.name, Audit.describe(events)).isEmpty();
    }
  }

  @Test
  void aLargeBenignPageIsUnchanged() {
    Http.Call call = Http.Call.get("/legacy/search", Http.HTML, "q", "x < y", "rows", "20000", "chunk", "4096");
    Http.BytesResponse reference = Http.sendForBytes(Apps.get(DB, Apps.Kind.NO_AGENT), call);
    assertThat(reference.body().length).isGreaterThan(600_000);
    assertThat(Http.sendForBytes(Apps.get(DB, Apps.Kind.BLOCK), call).body()).isEqualTo(reference.body());
  }

  @Test
  void aPageCommittedBeforeThePayloadIsAbortedNotCompleted() {
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    Attack attack = attacks().get(0);
    // 5000 rows (about 160 KB) are more than the 64 KiB buffer: the container has sent part of the page.
    Http.Call call = attack.call("rows", "5000");
    int mark = Audit.mark(app);

    Throwable failure = catchThrowable(() -> Http.sendForBytes(app, call));

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
    // About 35 KB before the payload: larger than Tomcat's default 8 KiB buffer, within the 64 KiB one.
    Http.Call call = attack.call("rows", "1000");
    int mark = Audit.mark(app);

    Expect.blockResponse(Http.send(app, call), false, "a 35 KB page");
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
    assertThat(e.path("request").path("path").asText()).as(ctx).isEqualTo("/legacy/search");
    assertThat(e.path("input").path("source").asText()).as(ctx).isEqualTo("parameter");
    assertThat(e.path("input").path("name").asText()).as(ctx).isEqualTo("q");
    assertThat(e.path("input").path("value").asText()).as(ctx).isEqualTo(attack.value());
    assertThat(e.path("sink").path("kind").asText()).as(ctx).isEqualTo("html_response");
    assertThat(e.path("sink").path("method").asText()).as(ctx).contains("stream");
    // The excerpt is decoded with the page's charset: the payload reads as it was sent.
    assertThat(e.path("sink").path("target").asText()).as(ctx).contains(attack.value());
    assertThat(e.path("reason").asText()).as(ctx).contains("Reflected XSS").contains("q");
    // The stream's own write (the container's frame the check runs in) comes first, then the page's
    // code, and the walk ends there: no filter chain.
    assertThat(e.path("stack").toString()).as(ctx).contains("io.palisade.demo.bookstore.LegacySearchServlet.doGet")
        .doesNotContain("org.apache.catalina.core");
  }

  private static List<Integer> occurrences(byte[] bytes, byte[] part) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        found.add(i);
      }
    }
    return found;
  }

  /** {@code bytes} with {@code raw} replaced by {@code replacement} at the given (ascending) offsets. */
  private static byte[] replaceAt(byte[] bytes, byte[] raw, byte[] replacement, List<Integer> offsets) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int from = 0;
    for (int at : offsets) {
      out.write(bytes, from, at - from);
      out.writeBytes(replacement);
      from = at + raw.length;
    }
    out.write(bytes, from, bytes.length - from);
    return out.toByteArray();
  }
}
