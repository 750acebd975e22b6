package io.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.bootstrap.RequestScope;
import io.palisade.detector.ssrf.HostResolver;
import io.palisade.detector.ssrf.SsrfDetector;
import io.palisade.engine.context.FakeServletRequest;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.engine.findings.PolicyState;
import io.palisade.engine.outbound.OutboundCheck;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbound check with a fake resolver (no network): redirects from a request-chosen URL, on the
 * request's thread and on a client thread, the egress rules inside and outside a request, require_tls.
 */
class OutboundCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> DNS = Map.of(
      "public.example.test", "93.184.216.34",
      "plain.example.test", "93.184.216.35",
      "internal.example.test", "10.0.0.5",
      "api.evil.test", "93.184.216.36");
  private static final HostResolver FAKE = host -> {
    String address = DNS.get(host);
    if (address == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())};
  };

  @TempDir Path dir;
  private AuditLog audit;
  private PalisadeEngine engine;
  private OutboundCheck check;

  @AfterEach
  void close() throws Exception {
    RequestScope.clear();
    if (audit != null) {
      audit.close();
    }
  }

  private void policy(String mode, String ssrfOptions) throws Exception {
    String policyJson = "{\"version\":1,\"name\":\"unit\",\"mode\":\"" + mode + "\",\"detectors\":{\"ssrf\":{" + ssrfOptions
        + "}},\"audit\":{\"path\":\"x.jsonl\"}}";
    PolicyLoadResult loaded = PolicyLoader.parse(policyJson.getBytes(StandardCharsets.UTF_8), "unit.json");
    assertThat(loaded.errors()).isEmpty();
    audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
    FindingReporter reporter = new FindingReporter(new PolicyState(loaded.policy(), audit), ServiceInfo.detect());
    engine = new PalisadeEngine(reporter);
    check = new OutboundCheck(reporter, new SsrfDetector(FAKE));
  }

  private RequestContext request(String query) throws Exception {
    Object request = new FakeServletRequest("GET", "/preview", query).header("Accept", "application/json").as("jakarta.servlet");
    return (RequestContext) engine.requestEnter(request, new FakeServletResponse().proxy());
  }

  private List<JsonNode> events() throws Exception {
    audit.flush();
    List<JsonNode> events = new ArrayList<>();
    if (Files.exists(dir.resolve("audit.jsonl"))) {
      for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  @Test
  void aRedirectFromARequestChosenPublicUrlToAnInternalOneIsBlocked() throws Exception {
    policy("block", "");
    RequestContext context = request("url=http%3A%2F%2Fpublic.example.test%2Fimg");
    check.check(context, null, "http://public.example.test/img", "test-client");
    assertThat(events()).as("a public host chosen by the request is fine").isEmpty();

    assertThatThrownBy(() -> check.checkRedirect(context, "http://public.example.test/img", "http://internal.example.test/admin", "test-client"))
        .isInstanceOf(PalisadeBlockedException.class);
    JsonNode event = events().get(0);
    assertThat(event.path("sink").path("method").asText()).isEqualTo("test-client (redirect)");
    assertThat(event.path("sink").path("target").asText()).isEqualTo("http://internal.example.test/admin");
    assertThat(event.path("input").path("name").asText()).isEqualTo("url");
    assertThat(event.path("reason").asText()).contains("private (RFC 1918) address 10.0.0.5");
  }

  @Test
  void aRedirectFollowedOnAClientThreadBelongsToTheRequestItCameFrom() throws Exception {
    policy("block", "");
    RequestContext context = request("url=http%3A%2F%2Fpublic.example.test%2Fimg");
    check.check(context, null, "http://public.example.test/img", "test-client");
    RequestScope.clear();

    CompletableFuture<Void> clientThread = CompletableFuture.runAsync(() ->
        check.checkRedirect(null, "http://public.example.test/img", "http://[::ffff:127.0.0.1]:8080/", "test-client"));

    assertThatThrownBy(clientThread::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(PalisadeBlockedException.class);
    assertThat(context.isBlocked()).isTrue();
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.path("request").path("path").asText()).isEqualTo("/preview"));
  }

  @Test
  void aRedirectFromTheApplicationsOwnUrlIsNotSsrf() throws Exception {
    policy("block", "");
    RequestContext context = request("q=books");
    check.check(context, null, "http://public.example.test/search?q=books", "test-client");
    check.checkRedirect(context, "http://public.example.test/search?q=books", "http://internal.example.test/", "test-client");
    assertThat(events()).isEmpty();
  }

  @Test
  void aValueOnlyInTheQueryOfAFixedHostIsNoFinding() throws Exception {
    policy("block", "");
    RequestContext context = request("q=http%3A%2F%2F10.0.0.5%2F");
    check.check(context, null, "http://internal.example.test/search?q=http://10.0.0.5/", "test-client");
    assertThat(events()).isEmpty();
  }

  @Test
  void aHostHeaderNamingTheAddressTheRequestArrivedAtChoseNothing() throws Exception {
    policy("block", "");
    Object own = new FakeServletRequest("GET", "/weather", "city=x").header("Host", "127.0.0.1:8080").as("jakarta.servlet");
    RequestContext context = (RequestContext) engine.requestEnter(own, new FakeServletResponse().proxy());
    check.check(context, null, "http://127.0.0.1:8080/hello?name=x", "test-client");
    assertThat(events()).as("the application calls itself where the client reached it").isEmpty();
    RequestScope.clear();

    Object forged = new FakeServletRequest("GET", "/weather", "city=x").header("Host", "127.0.0.1:6379").as("jakarta.servlet");
    RequestContext forgedContext = (RequestContext) engine.requestEnter(forged, new FakeServletResponse().proxy());
    assertThatThrownBy(() -> check.check(forgedContext, null, "http://127.0.0.1:6379/", "test-client"))
        .isInstanceOf(PalisadeBlockedException.class);
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.path("input").path("source").asText()).isEqualTo("header"));
  }

  @Test
  void anEgressRefusalOfARedirectOnAClientThreadBlocksTheRequestItCameFrom() throws Exception {
    policy("block", "\"allow_hosts\":[\"public.example.test\"]");
    RequestContext context = request("url=http%3A%2F%2Fpublic.example.test%2Fr");
    check.check(context, null, "http://public.example.test/r", "test-client");
    RequestScope.clear();

    CompletableFuture<Void> clientThread = CompletableFuture.runAsync(() ->
        check.checkRedirect(null, "http://public.example.test/r", "http://internal.example.test/", "test-client"));

    assertThatThrownBy(clientThread::join).hasCauseInstanceOf(PalisadeBlockedException.class);
    assertThat(context.isBlocked()).isTrue();
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.path("request").path("path").asText()).isEqualTo("/preview"));
  }

  @Test
  void aRedirectOnAClientThreadBelongsToTheLatestRequestThatCalledTheUrlNotAnEarlierOne() throws Exception {
    policy("block", "\"allow_hosts\":[\"public.example.test\"]");
    RequestContext earlier = request("url=http%3A%2F%2Fpublic.example.test%2Fr");
    check.check(earlier, null, "http://public.example.test/r", "test-client");
    engine.requestExit(earlier, null);
    RequestContext later = request("url=http%3A%2F%2Fpublic.example.test%2Fr&n=2");
    check.check(later, null, "http://public.example.test/r", "test-client");
    RequestScope.clear();

    CompletableFuture<Void> clientThread = CompletableFuture.runAsync(() ->
        check.checkRedirect(null, "http://public.example.test/r", "http://internal.example.test/", "test-client"));

    assertThatThrownBy(clientThread::join).hasCauseInstanceOf(PalisadeBlockedException.class);
    assertThat(later.isBlocked()).as("the request whose call was redirected").isTrue();
    assertThat(earlier.isBlocked()).isFalse();
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.path("request").path("path").asText()).isEqualTo("/preview"));
  }

  @Test
  void denyHostsApplyOutsideAnyRequestToo() throws Exception {
    policy("block", "\"deny_hosts\":[\"*.evil.test\",\"10.0.0.0/8\"]");
    assertThatThrownBy(() -> check.check(null, null, "https://api.evil.test/collect", "test-client"))
        .isInstanceOf(PalisadeBlockedException.class);
    assertThatThrownBy(() -> check.check(null, null, "https://internal.example.test/", "test-client"))
        .isInstanceOf(PalisadeBlockedException.class);
    check.check(null, null, "https://public.example.test/", "test-client");
    check.check(null, null, "https://evil.test/", "test-client"); // the wildcard names subdomains only

    List<JsonNode> events = events();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("reason").asText()).contains("deny_hosts entry '*.evil.test'");
    assertThat(events.get(1).path("reason").asText()).contains("resolves to 10.0.0.5").contains("'10.0.0.0/8'");
    assertThat(events.get(0).has("request")).isFalse();
    assertThat(events.get(0).has("input")).isFalse();
  }

  @Test
  void requireTlsReportsPlainHttpToExternalHostsOnly() throws Exception {
    policy("monitor", "\"require_tls\":true");
    check.check(null, null, "http://plain.example.test/api", "test-client");
    check.check(null, null, "https://plain.example.test/api", "test-client");
    check.check(null, null, "http://internal.example.test/api", "test-client");
    check.check(null, null, "http://unknown.example.test/api", "test-client");

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.path("cwe").asText()).isEqualTo("CWE-319");
      assertThat(e.path("action").asText()).isEqualTo("monitored");
      assertThat(e.path("reason").asText()).contains("plain.example.test (resolves to 93.184.216.35)");
    });
  }

  @Test
  void userinfoNeverReachesTheLog() throws Exception {
    policy("monitor", "");
    RequestContext context = request("url=http%3A%2F%2Fadmin%3As3cret%40internal.example.test%2F");
    check.check(context, null, "http://admin:s3cret@internal.example.test/", "test-client");
    assertThat(events()).singleElement().satisfies(e ->
        assertThat(e.path("sink").path("target").asText()).isEqualTo("http://***@internal.example.test/"));
  }
}
