package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The egress policy applies whatever the source of the URL: a denied network is refused even for
 * the app's own fixed upstream, and with an allow list a redirect to a host outside it is refused
 * before it is followed.
 */
class EgressPolicyIT {
  private static AppProcess denying;
  private static AppProcess allowing;

  @BeforeAll
  static void start() throws IOException {
    denying = AppProcess.start(new AppProcess.Spec("egress-deny-h2", "h2").agent(policy("it-egress-deny", "egress-deny-h2",
        "\"deny_hosts\":[\"127.0.0.0/8\"]")));
    allowing = AppProcess.start(new AppProcess.Spec("egress-allow-h2", "h2").agent(policy("it-egress-allow", "egress-allow-h2",
        "\"allow_hosts\":[\"localhost\"]")));
  }

  @AfterAll
  static void stop() {
    if (denying != null) {
      denying.close();
    }
    if (allowing != null) {
      allowing.close();
    }
  }

  private static String policy(String name, String dirName, String ssrfOptions) {
    return AppProcess.policy(name, "block", AppProcess.dirFor(dirName), "{\"ssrf\":{" + ssrfOptions + "}}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urlconnection", "httpclient", "resttemplate"})
  void aDeniedNetworkIsRefusedWhateverTheSourceOfTheUrl(String client) {
    Http.Call call = Http.Call.get("/weather", Http.JSON, "city", "Zurich", "client", client);
    int mark = Audit.mark(denying);

    Http.Response response = Http.send(denying, call);

    Expect.blockResponse(response, true, call.toString());
    List<JsonNode> events = SsrfBlockingIT.ssrfFindings(Audit.since(denying, mark));
    assertThat(events).as("events:\n%s", Audit.describe(events)).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.path("action").asText()).isEqualTo("blocked");
    assertThat(event.path("reason").asText()).contains("deny_hosts entry '127.0.0.0/8'");
    assertThat(event.has("input")).as("no request value chose this URL: %s", event).isFalse();
    assertThat(event.path("sink").path("target").asText()).startsWith("http://127.0.0.1:" + denying.port() + "/hello?name=Zurich");
  }

  // Every client calls the same redirecting URL in turn. java.net.http and Apache HttpClient 5 async
  // follow the redirect on a thread of their own: the check must find the request that made this call,
  // not the earlier (ended) one that called the same URL, or the client's failure became the app's 502.
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urlconnection", "resttemplate", "httpclient", "httpclient-async", "okhttp", "apache4", "apache5-async"})
  void anAllowedHostWorksAndARedirectOutsideTheAllowListIsRefused(String client) {
    String allowed = "http://localhost:" + allowing.port() + "/internal/status";
    Http.Response ok = Http.send(allowing, Http.Call.get("/preview", Http.JSON, "url", allowed, "client", client));
    assertThat(ok.status()).as("an allowed host, even chosen by the request: %s", ok).isEqualTo(200);

    String target = "http://127.0.0.1:" + allowing.port() + "/internal/status";
    String url = "http://localhost:" + allowing.port() + "/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    Http.Call call = Http.Call.get("/preview", Http.JSON, "url", url, "client", client);
    int mark = Audit.mark(allowing);

    Http.Response response = Http.send(allowing, call);

    Expect.blockResponse(response, true, call.toString());
    List<JsonNode> events = SsrfBlockingIT.ssrfFindings(Audit.since(allowing, mark));
    assertThat(events).as("events:\n%s", Audit.describe(events)).hasSize(1);
    assertThat(events.get(0).path("reason").asText()).contains("not in allow_hosts");
    assertThat(events.get(0).path("sink").path("target").asText()).isEqualTo(target);
    assertThat(events.get(0).path("sink").path("method").asText()).endsWith("(redirect)");
    assertThat(events.get(0).path("request").path("path").asText()).as("the request the redirect belongs to: %s", events.get(0))
        .isEqualTo("/preview");
  }
}
