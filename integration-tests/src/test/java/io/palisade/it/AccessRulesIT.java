package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy's access rules on the javax guestbook's admin area and partner API (which protect
 * nothing themselves), one test per requirement kind: each shows the refusal a client gets (401 with
 * WWW-Authenticate, 403, 429 with Retry-After), its audit event, and the same endpoint answered by the
 * application when the requirement is met, with no event. Tokens are minted here with real keys.
 */
class AccessRulesIT {
  static final String PARTNER_KEY = "it-partner-key-7c1e5b";
  static final String JWT_SECRET = "it-orders-secret-0123456789abcdef0123456789";
  static final String BASIC_ALICE = "Basic " + base64("alice:alice-password");
  static final String BASIC_BOB = "Basic " + base64("bob:bob-password");
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  static final AtomicInteger FENCES = new AtomicInteger();

  static AppProcess app;
  static RSAKey reportsKey;

  record Reply(int status, String body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    reportsKey = new RSAKeyGenerator(2048).keyID("reports-1").generate();
    Path keys = ItEnv.workDir().resolve("access-rules-keys");
    Files.createDirectories(keys);
    Path jwks = keys.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(reportsKey.toPublicJWK()).toString());
    AppProcess.Spec spec = new AppProcess.Spec("access-rules", "h2").jar(JavaxServletIT.Guestbook.jar())
        .env("IT_ORDERS_JWT_SECRET", JWT_SECRET);
    String policy = AppProcess.policy("it-access-rules", "block", AppProcess.dirFor(spec.name));
    String rules = "\"access\":["
        + "{\"id\":\"internal-never\",\"paths\":[\"/admin/internal/*\"],\"deny\":true},"
        + "{\"id\":\"ops-from-office\",\"paths\":[\"/admin/ops/*\"],\"require\":{\"client_ip\":[\"10.0.0.0/8\"]}},"
        + "{\"id\":\"local-tools\",\"paths\":[\"/admin/local/*\"],\"require\":{\"client_ip\":[\"127.0.0.0/8\",\"::1\"]}},"
        + "{\"id\":\"admin-area\",\"paths\":[\"/admin/*\"],\"require\":{\"roles\":{\"any_of\":[\"admin\"]}}},"
        + "{\"id\":\"staff-tools\",\"paths\":[\"/api/staff/*\"],\"require\":{\"authenticated\":true}},"
        + "{\"id\":\"partner-api\",\"paths\":[\"/api/partner/**\"],\"require\":{\"api_key\":{\"header\":\"X-Api-Key\","
        + "\"keys\":[{\"sha256\":\"" + sha256(PARTNER_KEY) + "\",\"label\":\"partner-acme\"}]}}},"
        + "{\"id\":\"orders\",\"paths\":[\"/api/orders/**\"],\"require\":{\"jwt\":{\"hs256_secret_env\":\"IT_ORDERS_JWT_SECRET\","
        + "\"audience\":\"orders-api\",\"scopes\":[\"orders:read\"]}}},"
        + "{\"id\":\"reports\",\"paths\":[\"/api/reports/**\"],\"require\":{\"jwt\":{\"jwks_file\":\"" + jwks.toString().replace("\\", "\\\\")
        + "\",\"issuer\":\"https://login.it\",\"audience\":\"reports\"}}},"
        + "{\"id\":\"login-throttle\",\"paths\":[\"/api/login\"],\"methods\":[\"POST\"],\"require\":{\"rate_limit\":"
        + "{\"requests\":1,\"per_seconds\":2,\"burst\":3}}},"
        + "{\"id\":\"beta-watch\",\"paths\":[\"/api/beta/*\"],\"mode\":\"monitor\",\"deny\":true}"
        + "]";
    spec.agent(policy.substring(0, policy.length() - 1) + "," + rules + "}");
    app = AppProcess.start(spec);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void denyRefusesThePathWhateverTheApplicationWouldDo() {
    int mark = mark();
    Reply refused = send("GET", "/admin/internal/heap-dump", "Accept", Http.JSON);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("\"error\":\"forbidden\"");
    JsonNode event = single(accessEvents(mark, 1));
    assertThat(event.path("detector").asText()).isEqualTo("unauthorized_access");
    assertThat(event.path("action").asText()).isEqualTo("blocked");
    assertThat(event.path("access").path("rule").asText()).isEqualTo("internal-never");
    assertThat(event.path("access").path("requirement").asText()).isEqualTo("deny");
    assertThat(refused.body()).contains(event.path("event_id").asText());
    assertThat(event.path("request").path("path").asText()).isEqualTo("/admin/internal/heap-dump");
  }

  @Test
  void pathTricksRouteToTheAdminAreaAndAreRefusedLikeIt() {
    // Each of these reaches AdminServlet in Tomcat; each is refused before it runs.
    List<String> tricks = List.of("/admin/../admin/users", "/guest/..;/admin/users", "/admin;jsessionid=x/users",
        "//admin//users", "/%61dmin/users", "/admin/./users/");
    int mark = mark();
    for (String trick : tricks) {
      Reply reply = send("GET", trick);
      assertThat(reply.status()).as(trick).isEqualTo(401);
      assertThat(reply.body()).as(trick).doesNotContain("\"area\"");
    }
    List<JsonNode> events = accessEvents(mark, tricks.size());
    assertThat(events).extracting(e -> e.path("access").path("rule").asText()).containsOnly("admin-area");
    assertThat(events).extracting(e -> e.path("input").path("value").asText()).containsOnly("/admin/users", "/admin/users/");
    // Upper case: Tomcat maps nothing there and answers 404 before any filter runs; on a container that
    // routes case-insensitively the rule would refuse it (matching ignores case; see PathMatchingTest).
    Reply upper = send("GET", "/ADMIN/users");
    assertThat(upper.status()).isIn(401, 404);
    assertThat(upper.body()).doesNotContain("\"area\"");
  }

  @Test
  void clientIpFromAnUntrustedPeerIgnoresASpoofedForwardedFor() {
    int mark = mark();
    Reply spoofed = send("GET", "/admin/ops/restart", "X-Forwarded-For", "10.1.2.3");
    assertThat(spoofed.status()).isEqualTo(403);
    JsonNode event = single(accessEvents(mark, 1));
    assertThat(event.path("access").path("requirement").asText()).isEqualTo("client_ip");
    assertThat(event.path("request").path("client_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(event.path("request").path("forwarded_for_ignored").asText()).isEqualTo("10.1.2.3");

    int passMark = mark();
    Reply local = send("GET", "/admin/local/status");
    assertThat(local.status()).isEqualTo(200);
    assertThat(local.body()).contains("\"path\":\"/local/status\"");
    assertThat(noEventsSince(passMark)).isTrue();
  }

  @Test
  void rolesAndAuthenticationUseTheContainersPrincipal() {
    int mark = mark();
    Reply anonymous = send("GET", "/admin/users");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Login realm=\"admin-area\"");
    Reply bob = send("GET", "/admin/users", "Authorization", BASIC_BOB);
    assertThat(bob.status()).isEqualTo(403);
    Reply anonymousStaff = send("GET", "/api/staff/rota");
    assertThat(anonymousStaff.status()).isEqualTo(401);
    List<JsonNode> events = accessEvents(mark, 3);
    assertThat(events.get(0).path("access").path("requirement").asText()).isEqualTo("roles");
    assertThat(events.get(1).path("access").path("principal").asText()).isEqualTo("bob");
    assertThat(events.get(1).path("request").path("user").asText()).isEqualTo("bob");
    assertThat(events.get(2).path("access").path("requirement").asText()).isEqualTo("authenticated");
    assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain("bob-password").doesNotContain(base64("bob:bob-password")));

    int passMark = mark();
    Reply alice = send("GET", "/admin/users", "Authorization", BASIC_ALICE);
    assertThat(alice.status()).isEqualTo(200);
    assertThat(alice.body()).contains("\"user\":\"alice\"");
    Reply staff = send("GET", "/api/staff/rota", "Authorization", BASIC_BOB);
    assertThat(staff.status()).isEqualTo(200);
    assertThat(noEventsSince(passMark)).isTrue();
  }

  @Test
  void apiKeysAreComparedByHashAndNeverLogged() {
    int mark = mark();
    Reply missing = send("GET", "/api/partner/orders");
    Reply wrong = send("GET", "/api/partner/orders", "X-Api-Key", PARTNER_KEY + "x");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.header("WWW-Authenticate")).contains("ApiKey", "X-Api-Key");
    List<JsonNode> events = accessEvents(mark, 2);
    assertThat(events).allSatisfy(e -> assertThat(e.path("access").path("requirement").asText()).isEqualTo("api_key"));
    assertThat(AuditLogReader.text(app.auditLog)).doesNotContain(PARTNER_KEY);

    int passMark = mark();
    Reply right = send("GET", "/api/partner/orders", "X-Api-Key", PARTNER_KEY);
    assertThat(right.status()).isEqualTo(200);
    assertThat(right.body()).contains("\"area\":\"api\"");
    assertThat(noEventsSince(passMark)).isTrue();
  }

  @Test
  void hs256TokensWithTheSecretFromTheEnvironment() throws Exception {
    long now = System.currentTimeMillis();
    String expired = hs256(claims("orders-api", "orders:read").expirationTime(new Date(now - 600_000)).build(), JWT_SECRET);
    String wrongAudience = hs256(claims("billing", "orders:read").build(), JWT_SECRET);
    String wrongSecret = hs256(claims("orders-api", "orders:read").build(), JWT_SECRET + "-not");
    String unsecured = new PlainJWT(claims("orders-api", "orders:read").build()).serialize();
    String noScope = hs256(claims("orders-api", "orders:write").build(), JWT_SECRET);
    int mark = mark();
    assertThat(send("GET", "/api/orders/17").header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\"");
    for (String bad : List.of(expired, wrongAudience, wrongSecret, unsecured)) {
      Reply reply = send("GET", "/api/orders/17", "Authorization", "Bearer " + bad);
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }
    Reply insufficient = send("GET", "/api/orders/17", "Authorization", "Bearer " + noScope);
    assertThat(insufficient.status()).isEqualTo(403);
    List<JsonNode> events = accessEvents(mark, 6);
    JsonNode scopeEvent = events.get(5);
    assertThat(scopeEvent.path("access").path("sub").asText()).isEqualTo("user-42");
    assertThat(scopeEvent.path("access").path("jti").asText()).startsWith("jti-");
    assertThat(events.get(1).path("access").has("sub")).as("no identity from an unverified token").isFalse();
    String log = AuditLogReader.text(app.auditLog);
    assertThat(log).doesNotContain(expired).doesNotContain(noScope).doesNotContain(JWT_SECRET);

    int passMark = mark();
    Reply valid = send("GET", "/api/orders/17", "Authorization", "Bearer " + hs256(claims("orders-api", "orders:read").build(), JWT_SECRET));
    assertThat(valid.status()).isEqualTo(200);
    assertThat(valid.body()).contains("\"path\":\"/orders/17\"");
    assertThat(noEventsSince(passMark)).isTrue();
  }

  @Test
  void rs256TokensFromAJwksFileRefuseAlgorithmConfusion() throws Exception {
    String valid = rs256(claims("reports", null).issuer("https://login.it").build());
    // The RSA public key used as an HMAC secret: accepted by a verifier that trusts the header's alg.
    String confused = hs256(claims("reports", null).issuer("https://login.it").build(), reportsKey.toRSAPublicKey().getEncoded());
    String wrongIssuer = rs256(claims("reports", null).issuer("https://evil.it").build());
    int mark = mark();
    assertThat(send("GET", "/api/reports/q3", "Authorization", "Bearer " + confused).status()).isEqualTo(401);
    assertThat(send("GET", "/api/reports/q3", "Authorization", "Bearer " + wrongIssuer).status()).isEqualTo(401);
    assertThat(accessEvents(mark, 2)).allSatisfy(e -> assertThat(e.path("access").path("rule").asText()).isEqualTo("reports"));

    int passMark = mark();
    Reply ok = send("GET", "/api/reports/q3", "Authorization", "Bearer " + valid);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(noEventsSince(passMark)).isTrue();
  }

  @Test
  void aLoginBurstIsRateLimitedAndRecovers() {
    int mark = mark();
    for (int i = 0; i < 3; i++) {
      assertThat(send("POST", "/api/login").status()).as("attempt " + (i + 1)).isEqualTo(200);
    }
    Reply limited = send("POST", "/api/login");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isIn("1", "2");
    JsonNode event = single(accessEvents(mark, 1));
    assertThat(event.path("detector").asText()).isEqualTo("rate_limit");
    assertThat(event.path("cwe").asText()).isEqualTo("CWE-770");
    assertThat(event.path("access").path("retry_after").asText()).isEqualTo(limited.header("Retry-After"));
    assertThat(send("GET", "/api/login").status()).as("other methods are not limited").isEqualTo(200);
    // One token every two seconds: the client may try again after Retry-After.
    Polling.until(() -> send("POST", "/api/login").status() == 200 ? Boolean.TRUE : null, Duration.ofSeconds(5),
        () -> "the login limit did not recover");
  }

  @Test
  void monitorModeLogsWhatWouldBeRefusedAndLetsItThrough() {
    int mark = mark();
    Reply reply = send("GET", "/api/beta/feature");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("\"path\":\"/beta/feature\"");
    JsonNode event = single(accessEvents(mark, 1));
    assertThat(event.path("action").asText()).isEqualTo("monitored");
    assertThat(event.path("access").path("rule").asText()).isEqualTo("beta-watch");
  }

  // ---- helpers

  static Reply send(String method, String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e + "\n" + app.outputs(), e);
    }
  }

  static int mark() {
    return AuditLogReader.events(app.auditLog).size();
  }

  static List<JsonNode> accessEventsSince(int mark) {
    List<JsonNode> events = AuditLogReader.events(app.auditLog);
    return events.subList(Math.min(mark, events.size()), events.size()).stream()
        .filter(e -> e.has("access"))
        .collect(Collectors.toList());
  }

  /** Waits for {@code count} access events after the mark (events are written asynchronously). */
  static List<JsonNode> accessEvents(int mark, int count) {
    List<JsonNode> events = Polling.until(() -> {
      List<JsonNode> found = accessEventsSince(mark);
      return found.size() >= count ? found : null;
    }, Polling.DEFAULT_DEADLINE, () -> count + " access event(s) expected since " + mark + ", got:\n"
        + Audit.describe(accessEventsSince(mark)) + "\n" + app.outputs());
    assertThat(events).as(Audit.describe(events)).hasSize(count);
    return events;
  }

  /** True when nothing was logged since the mark: fenced by a refusal whose event must come next. */
  static boolean noEventsSince(int mark) {
    String fence = "/admin/internal/fence-" + FENCES.incrementAndGet();
    assertThat(send("GET", fence).status()).isEqualTo(403);
    List<JsonNode> events = accessEvents(mark, 1);
    assertThat(events.get(0).path("request").path("path").asText()).as(Audit.describe(events)).isEqualTo(fence);
    return true;
  }

  static JsonNode single(List<JsonNode> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  static JWTClaimsSet.Builder claims(String audience, String scope) {
    long now = System.currentTimeMillis();
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject("user-42").jwtID("jti-" + now).audience(audience)
        .issueTime(new Date(now)).expirationTime(new Date(now + 300_000));
    return scope == null ? b : b.claim("scope", scope);
  }

  static String hs256(JWTClaimsSet claims, String secret) throws Exception {
    return hs256(claims, secret.getBytes(StandardCharsets.UTF_8));
  }

  static String hs256(JWTClaimsSet claims, byte[] secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  static String rs256(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("reports-1").build(), claims);
    jwt.sign(new RSASSASigner(reportsKey));
    return jwt.serialize();
  }

  static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
