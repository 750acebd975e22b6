package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who the audit event names as the client: a forwarding header counts only when the peer is one of
 * the policy's trusted proxies; from anyone else it is ignored, and the event says so.
 */
class ClientAddressIT {

  static List<String> databases() {
    return Databases.ALL;
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void aForwardedForFromAnUntrustedPeerIsIgnoredAndRecorded(String db) {
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK);
    int mark = Audit.mark(app);

    Http.Response response = Http.sendBody(app, "GET", "/books?id=5%20OR%201=1", null, null, Http.JSON,
        "X-Forwarded-For", "198.51.100.77");

    Expect.blockResponse(response, true, "spoofed X-Forwarded-For");
    JsonNode request = single(Audit.since(app, mark)).path("request");
    assertThat(request.path("client_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(request.path("forwarded_for_ignored").asText()).isEqualTo("198.51.100.77");
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void behindATrustedProxyTheForwardedClientIsNamed(String db) throws Exception {
    AppProcess.Spec spec = new AppProcess.Spec("trusted-proxy-" + db, db);
    String policy = AppProcess.policy("it-trusted-proxy-" + db, "block", AppProcess.dirFor(spec.name));
    spec.agent(policy.substring(0, policy.length() - 1) + ",\"trusted_proxies\":[\"127.0.0.1\",\"10.0.0.0/8\"]}");
    try (AppProcess app = AppProcess.start(spec)) {
      int mark = Audit.mark(app);

      // the client forged the first hop; the proxies (10.1.2.3, then the loopback peer) appended theirs
      Http.Response xff = Http.sendBody(app, "GET", "/books?id=6%20OR%201=1", null, null, Http.JSON,
          "X-Forwarded-For", "6.6.6.6, 198.51.100.77, 10.1.2.3");
      Http.Response forwarded = Http.sendBody(app, "GET", "/books?id=7%20OR%201=1", null, null, Http.JSON,
          "Forwarded", "for=\"[2001:db8::5]:4711\";proto=https, for=10.9.9.9");

      Expect.blockResponse(xff, true, "X-Forwarded-For behind a trusted proxy");
      Expect.blockResponse(forwarded, true, "Forwarded behind a trusted proxy");
      List<JsonNode> events = Expect.findings(Audit.since(app, mark));
      assertThat(events).as(Audit.describe(events)).hasSize(2);
      assertThat(events.get(0).path("request").path("client_ip").asText()).isEqualTo("198.51.100.77");
      assertThat(events.get(0).path("request").path("peer_ip").asText()).isEqualTo("127.0.0.1");
      assertThat(events.get(1).path("request").path("client_ip").asText()).isEqualTo("2001:db8::5");
      assertThat(events.get(0).path("request").has("forwarded_for_ignored")).isFalse();
    }
  }

  private static JsonNode single(List<JsonNode> events) {
    List<JsonNode> findings = Expect.findings(events);
    assertThat(findings).as(Audit.describe(findings)).hasSize(1);
    return findings.get(0);
  }
}
