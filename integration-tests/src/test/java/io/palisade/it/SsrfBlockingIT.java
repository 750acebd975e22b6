package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSRF through the bookstore's link preview, with every HTTP client it offers: a request-chosen
 * internal URL is refused in block mode (403 and one event, before the internal service is reached),
 * only reported in monitor mode (the response as without the agent), a request value in the query of
 * the app's fixed upstream is no finding, and a redirect from a request-chosen URL is checked too.
 * Every URL is on 127.0.0.1 except the metadata address, which is refused before any connection.
 */
class SsrfBlockingIT {
  private static final String DB = "h2";

  private static String internalUrl(AppProcess app) {
    return "http://127.0.0.1:" + app.port() + "/internal/status";
  }

  private static Http.Call preview(String client, String url) {
    return Http.Call.get("/preview", Http.JSON, "url", url, "client", client);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urlconnection", "httpclient", "httpclient-async", "resttemplate", "okhttp", "apache4", "apache5-async"})
  void aRequestChosenInternalUrlIsBlocked(String client) {
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    String url = internalUrl(app);
    Http.Call call = preview(client, url);
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, call);

    Expect.blockResponse(response, true, call.toString());
    List<JsonNode> events = ssrfFindings(Audit.since(app, mark));
    assertThat(events).as("ssrf events of %s:\n%s", call, Audit.describe(events)).hasSize(1);
    JsonNode event = events.get(0);
    assertSsrfEvent(event, "blocked", url);
    assertThat(event.path("reason").asText()).contains("chose the host").contains("loopback address 127.0.0.1");
    assertThat(event.path("sink").path("method").asText()).startsWith(sinkOf(client));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urlconnection", "httpclient", "resttemplate", "okhttp", "apache4", "apache5-async"})
  void theMetadataServiceIsRefusedBeforeAnyConnection(String client) {
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    // Written as a decimal number: the client (through getaddrinfo) reaches 169.254.169.254 with it.
    String url = "http://2852039166/latest/meta-data/iam/security-credentials/";
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, preview(client, url));

    Expect.blockResponse(response, true, url);
    List<JsonNode> events = ssrfFindings(Audit.since(app, mark));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("severity").asText()).isEqualTo("critical");
    assertThat(events.get(0).path("reason").asText()).contains("cloud metadata address 169.254.169.254");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urlconnection", "httpclient", "resttemplate", "okhttp", "apache4", "apache5-async"})
  void monitorModeOnlyReports(String client) {
    AppProcess reference = Apps.get(DB, Apps.Kind.NO_AGENT);
    AppProcess app = Apps.get(DB, Apps.Kind.MONITOR);
    Http.Response expected = Http.send(reference, preview(client, internalUrl(reference)));
    int mark = Audit.mark(app);

    Http.Response actual = Http.send(app, preview(client, internalUrl(app)));

    assertThat(actual.status()).as("status with the agent in monitor mode: %s", actual).isEqualTo(expected.status()).isEqualTo(200);
    assertThat(Expect.parse(actual.body(), "monitor").path("preview"))
        .isEqualTo(Expect.parse(expected.body(), "reference").path("preview"));
    List<JsonNode> events = ssrfFindings(Audit.since(app, mark));
    assertThat(events).as("ssrf events:\n%s", Audit.describe(events)).hasSize(1);
    assertSsrfEvent(events.get(0), "monitored", internalUrl(app));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urlconnection", "httpclient", "httpclient-async", "resttemplate", "okhttp", "apache4", "apache5-async"})
  void aValueInTheQueryOfTheFixedUpstreamIsNoFinding(String client) {
    AppProcess reference = Apps.get(DB, Apps.Kind.NO_AGENT);
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    // Look-alikes of attacks, but only ever in the query of the app's own fixed upstream. (A value
    // equal to the fixed host itself, here 127.0.0.1, is reported: it cannot be told from a chosen host.)
    for (String city : List.of("Zurich", "localhost", "http://169.254.169.254/", "localhost:6379", "10.0.0.1")) {
      Http.Call call = Http.Call.get("/weather", Http.JSON, "city", city, "client", client);
      Http.Response expected = Http.send(reference, call);
      int mark = Audit.mark(app);

      Http.Response actual = Http.send(app, call);

      Expect.sameResponse(actual, expected, call.toString());
      assertThat(Expect.findings(Audit.since(app, mark))).as("findings of %s", call).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urlconnection", "httpclient", "resttemplate", "okhttp", "apache4", "apache5-async"})
  void aRedirectFromARequestChosenUrlIsCheckedBeforeItIsFollowed(String client) {
    AppProcess app = Apps.get(DB, Apps.Kind.MONITOR);
    String target = internalUrl(app) + "?via=redirect";
    String url = "http://127.0.0.1:" + app.port() + "/redirect?to=" + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8);
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, preview(client, url));

    assertThat(response.status()).isEqualTo(200);
    List<JsonNode> events = ssrfFindings(Audit.since(app, mark));
    assertThat(events).as("the first hop and the redirect:\n%s", Audit.describe(events)).hasSize(2);
    JsonNode redirect = events.get(1);
    assertThat(redirect.path("sink").path("method").asText()).endsWith("(redirect)");
    assertThat(redirect.path("sink").path("target").asText()).isEqualTo(target);
    assertThat(redirect.path("input").path("name").asText()).isEqualTo("url");
    assertThat(redirect.path("reason").asText()).contains("redirects to").contains("loopback");
  }

  /** The client API the event names, as each client module reports it. */
  private static String sinkOf(String client) {
    switch (client) {
      case "okhttp": return "okhttp3";
      case "apache4": return "org.apache.http client 4";
      case "apache5-async": return "org.apache.hc.client5 async";
      default: return client.startsWith("httpclient") ? "java.net.http.HttpClient" : "java.net.HttpURLConnection";
    }
  }

  static List<JsonNode> ssrfFindings(List<JsonNode> events) {
    return Expect.findings(events).stream().filter(e -> "ssrf".equals(e.path("detector").asText())).collect(Collectors.toList());
  }

  private static void assertSsrfEvent(JsonNode event, String action, String url) {
    assertThat(event.path("event_type").asText()).isEqualTo("finding");
    assertThat(event.path("action").asText()).isEqualTo(action);
    assertThat(event.path("cwe").asText()).isEqualTo("CWE-918");
    assertThat(event.path("input").path("source").asText()).isEqualTo("parameter");
    assertThat(event.path("input").path("name").asText()).isEqualTo("url");
    assertThat(event.path("input").path("value").asText()).isEqualTo(url);
    assertThat(event.path("sink").path("kind").asText()).isEqualTo("http_client");
    assertThat(event.path("sink").path("target").asText()).isEqualTo(url);
    assertThat(event.path("request").path("path").asText()).isEqualTo("/preview");
    assertThat(event.path("stack").path(0).asText()).startsWith("io.palisade.demo.bookstore.OutboundServlet");
  }
}
