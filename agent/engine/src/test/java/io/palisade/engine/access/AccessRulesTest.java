package io.palisade.engine.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rules as a policy writes them, decided for requests as the servlet entry would present them. */
class AccessRulesTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef-hs256";
  final AtomicLong clock = new AtomicLong();

  AccessRules rules(String json) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    new ObjectMapper().readTree(json).forEach(nodes::add);
    return AccessRules.fromPolicy(nodes, Map.of("JWT_SECRET", SECRET)::get, Path.of("."), clock::get);
  }

  static final class Request implements AccessRequest {
    String method = "GET";
    String path = "/";
    String ip = "203.0.113.9";
    String principal;
    Set<String> roles = new HashSet<>();
    Set<String> sessionAttributes = new HashSet<>();
    Map<String, String> headers = new HashMap<>();
    Map<String, String> query = new HashMap<>();

    static Request get(String rawPath) {
      Request r = new Request();
      r.path = PathNormalizer.normalize(rawPath, null);
      return r;
    }

    Request header(String name, String value) {
      headers.put(name.toLowerCase(), value);
      return this;
    }

    @Override public String method() { return method; }
    @Override public String path() { return path; }
    @Override public String header(String name) { return headers.get(name.toLowerCase()); }
    @Override public String queryParameter(String name) { return query.get(name); }
    @Override public String clientIp() { return ip; }
    @Override public String principal() { return principal; }
    @Override public boolean isUserInRole(String role) { return principal != null && roles.contains(role); }
    @Override public boolean hasSessionAttribute(String name) { return sessionAttributes.contains(name); }
  }

  @Test
  void denyRefusesEveryTrickThatRoutesToThePath() throws Exception {
    AccessRules rules = rules("[{\"id\":\"no-actuator\",\"paths\":[\"/actuator/*\"],\"deny\":true}]");
    for (String path : List.of("/actuator", "/actuator/env", "/ACTUATOR/env", "/x/../actuator/env", "/actuator;a=b/env",
        "//actuator//env", "/%61ctuator/env", "/public/..%2Factuator/env")) {
      AccessDecision decision = rules.decide(Request.get(path));
      assertThat(decision.status()).as(path).isEqualTo(403);
      assertThat(decision.requirement()).isEqualTo("deny");
    }
    assertThat(rules.decide(Request.get("/actuatorx")).isAllowed()).isTrue();
    assertThat(rules.decide(Request.get("/public/actuator")).isAllowed()).isTrue();
  }

  @Test
  void theFirstMatchingRuleDecidesAndMethodsNarrowIt() throws Exception {
    AccessRules rules = rules("[{\"id\":\"public-read\",\"paths\":[\"/api/public/**\"],\"methods\":[\"GET\"],\"require\":{\"rate_limit\":{\"requests\":100}}},"
        + "{\"id\":\"api\",\"paths\":[\"/api/**\"],\"require\":{\"authenticated\":true}}]");
    assertThat(rules.decide(Request.get("/api/public/x")).isAllowed()).isTrue();
    Request post = Request.get("/api/public/x");
    post.method = "post";
    assertThat(rules.decide(post).rule().id()).isEqualTo("api");
    assertThat(rules.decide(Request.get("/api/orders")).status()).isEqualTo(401);
  }

  @Test
  void clientIpRangesUseTheDecidedClientAddress() throws Exception {
    AccessRules rules = rules("[{\"id\":\"ops\",\"paths\":[\"/ops/**\"],\"require\":{\"client_ip\":[\"10.0.0.0/8\",\"::1\"]}}]");
    Request outside = Request.get("/ops/restart");
    AccessDecision refused = rules.decide(outside);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.requirement()).isEqualTo("client_ip");
    Request inside = Request.get("/ops/restart");
    inside.ip = "10.1.2.3";
    assertThat(rules.decide(inside).isAllowed()).isTrue();
  }

  @Test
  void authenticatedAndRoles() throws Exception {
    AccessRules rules = rules("[{\"id\":\"admin\",\"paths\":[\"/admin/*\"],\"require\":{\"roles\":{\"any_of\":[\"admin\",\"ops\"]}}},"
        + "{\"id\":\"audit\",\"paths\":[\"/audit/*\"],\"require\":{\"roles\":{\"all_of\":[\"admin\",\"auditor\"]}}},"
        + "{\"id\":\"account\",\"paths\":[\"/account/*\"],\"require\":{\"authenticated\":{\"session_attribute\":\"user\"}}}]");
    Request anonymous = Request.get("/admin/users");
    AccessDecision noLogin = rules.decide(anonymous);
    assertThat(noLogin.status()).isEqualTo(401);
    assertThat(noLogin.challenge()).isEqualTo("Login realm=\"admin\"");

    Request guest = Request.get("/admin/users");
    guest.principal = "guest";
    AccessDecision notAdmin = rules.decide(guest);
    assertThat(notAdmin.status()).isEqualTo(403);
    assertThat(notAdmin.credential()).containsEntry("principal", "guest");

    Request ops = Request.get("/admin/users");
    ops.principal = "olga";
    ops.roles.add("ops");
    assertThat(rules.decide(ops).isAllowed()).isTrue();
    Request halfAuditor = Request.get("/audit/log");
    halfAuditor.principal = "olga";
    halfAuditor.roles.add("admin");
    assertThat(rules.decide(halfAuditor).status()).isEqualTo(403);
    halfAuditor.roles.add("auditor");
    assertThat(rules.decide(halfAuditor).isAllowed()).isTrue();

    assertThat(rules.decide(Request.get("/account/me")).status()).isEqualTo(401);
    Request loggedIn = Request.get("/account/me");
    loggedIn.sessionAttributes.add("user");
    assertThat(rules.decide(loggedIn).isAllowed()).isTrue();
  }

  @Test
  void apiKeysFromHeaderOrQuery() throws Exception {
    String hash = ApiKeys.hashHex("k-123456");
    AccessRules rules = rules("[{\"id\":\"partner\",\"paths\":[\"/partner/**\"],\"require\":{\"api_key\":{\"header\":\"X-Api-Key\",\"query\":\"api_key\","
        + "\"keys\":[{\"sha256\":\"" + hash + "\",\"label\":\"acme\"}]}}}]");
    AccessDecision missing = rules.decide(Request.get("/partner/orders"));
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.challenge()).contains("ApiKey", "X-Api-Key");
    assertThat(rules.decide(Request.get("/partner/orders").header("X-Api-Key", "k-1234567")).status()).isEqualTo(401);
    assertThat(rules.decide(Request.get("/partner/orders").header("X-Api-Key", hash)).status()).isEqualTo(401);
    assertThat(rules.decide(Request.get("/partner/orders").header("x-api-key", "k-123456")).isAllowed()).isTrue();
    Request inQuery = Request.get("/partner/orders");
    inQuery.query.put("api_key", "k-123456");
    assertThat(rules.decide(inQuery).isAllowed()).isTrue();
  }

  @Test
  void bearerTokens() throws Exception {
    AccessRules rules = rules("[{\"id\":\"orders\",\"paths\":[\"/orders/**\"],\"require\":{\"jwt\":{\"hs256_secret_env\":\"JWT_SECRET\","
        + "\"audience\":\"orders-api\",\"scopes\":[\"orders:write\"]}}}]");
    assertThat(rules.decide(Request.get("/orders/1")).challenge()).isEqualTo("Bearer realm=\"orders\"");
    AccessDecision garbage = rules.decide(Request.get("/orders/1").header("Authorization", "Bearer abc.def.ghi"));
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.challenge()).contains("error=\"invalid_token\"");
    assertThat(rules.decide(Request.get("/orders/1").header("Authorization", "Bearer " + token("orders:write"))).isAllowed()).isTrue();
    AccessDecision readOnly = rules.decide(Request.get("/orders/1").header("Authorization", "Bearer " + token("orders:read")));
    assertThat(readOnly.status()).isEqualTo(403);
    assertThat(readOnly.credential()).containsEntry("sub", "user-7").containsEntry("jti", "t-1");
  }

  @Test
  void aRateLimitPerClientTripsAndRecovers() throws Exception {
    AccessRules rules = rules("[{\"id\":\"login\",\"paths\":[\"/login\"],\"methods\":[\"POST\"],\"require\":{\"rate_limit\":{\"requests\":5,\"per_seconds\":60,\"burst\":2}}}]");
    Request attempt = Request.get("/login");
    attempt.method = "POST";
    assertThat(rules.decide(attempt).isAllowed()).isTrue();
    assertThat(rules.decide(attempt).isAllowed()).isTrue();
    AccessDecision limited = rules.decide(attempt);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.detector()).isEqualTo(AccessDecision.RATE_LIMIT);
    assertThat(limited.retryAfterSeconds()).isEqualTo(12);
    Request other = Request.get("/login");
    other.method = "POST";
    other.ip = "198.51.100.2";
    assertThat(rules.decide(other).isAllowed()).isTrue();
    clock.addAndGet(12_000_000_000L);
    assertThat(rules.decide(attempt).isAllowed()).isTrue();
  }

  @Test
  void aRateLimitPerKeyCountsTheKeyNotTheAddress() throws Exception {
    String hash = ApiKeys.hashHex("k-123456");
    AccessRules rules = rules("[{\"id\":\"partner\",\"paths\":[\"/partner/**\"],\"require\":{\"api_key\":{\"keys\":[{\"sha256\":\"" + hash
        + "\",\"label\":\"acme\"}]},\"rate_limit\":{\"requests\":1,\"per_seconds\":60,\"key\":\"api_key\"}}}]");
    Request first = Request.get("/partner/x").header("X-Api-Key", "k-123456");
    assertThat(rules.decide(first).isAllowed()).isTrue();
    Request fromElsewhere = Request.get("/partner/x").header("X-Api-Key", "k-123456");
    fromElsewhere.ip = "192.0.2.200";
    AccessDecision limited = rules.decide(fromElsewhere);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.credential()).containsEntry("key_label", "acme");
  }

  @Test
  void modesOffAndMonitor() throws Exception {
    AccessRules rules = rules("[{\"id\":\"off\",\"paths\":[\"/a/**\"],\"mode\":\"off\",\"deny\":true},"
        + "{\"id\":\"watch\",\"paths\":[\"/a/**\"],\"mode\":\"monitor\",\"deny\":true}]");
    AccessDecision decision = rules.decide(Request.get("/a/b"));
    assertThat(decision.rule().id()).as("an off rule is skipped as if absent").isEqualTo("watch");
    assertThat(decision.rule().mode().id()).isEqualTo("monitor");
  }

  @Test
  void aRuleThatCannotBeBuiltRefusesWhatItMatches() throws Exception {
    AccessRules rules = rules("[{\"id\":\"orders\",\"paths\":[\"/orders/**\"],\"require\":{\"jwt\":{\"hs256_secret_env\":\"UNSET_VARIABLE\"}}},"
        + "{\"id\":\"keys\",\"paths\":[\"/keys/**\"],\"require\":{\"jwt\":{\"jwks_file\":\"does-not-exist.json\"}}}]");
    assertThat(rules.problems()).hasSize(2);
    assertThat(rules.problems().get(0)).startsWith("/access/0/require/jwt/hs256_secret_env: ").contains("UNSET_VARIABLE");
    assertThat(rules.problems().get(1)).startsWith("/access/1/require/jwt/jwks_file: ");
    assertThat(rules.decide(Request.get("/orders/1")).status()).isEqualTo(403);
    assertThat(rules.decide(Request.get("/orders/1")).requirement()).isEqualTo("configuration");
    assertThat(rules.decide(Request.get("/elsewhere")).isAllowed()).isTrue();
  }

  static String token(String scope) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-7").jwtID("t-1").audience("orders-api")
        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).claim("scope", scope).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
