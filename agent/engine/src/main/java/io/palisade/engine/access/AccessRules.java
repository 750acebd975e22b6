package io.palisade.engine.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import io.palisade.policy.IpRange;
import io.palisade.policy.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The policy's {@code access} rules, in order: the first rule whose paths and methods match the
 * request decides (rules in mode {@code off} are skipped as if absent). Built once per policy, so
 * rate-limit buckets, parsed keys and verifiers live as long as the policy does.
 */
public final class AccessRules {
  private static final AccessRules NONE = new AccessRules(List.of(), List.of());

  private final List<AccessRule> rules;
  private final List<String> problems;

  private AccessRules(List<AccessRule> rules, List<String> problems) {
    this.rules = rules;
    this.problems = problems;
  }

  public static AccessRules none() {
    return NONE;
  }

  /**
   * Builds the rules of a policy's {@code access} list (already checked against the schema). A rule
   * that cannot be built (an unreadable JWKS file, an unset secret variable) still matches its
   * paths, and refuses them: an access rule fails closed. Its problem is listed in {@link #problems()}
   * with its JSON pointer.
   *
   * @param env environment lookup for secrets ({@code System::getenv} in production)
   * @param policyDirectory where relative JWKS file names are resolved (the policy file's directory)
   * @param nanoClock the rate limiters' clock ({@code System::nanoTime} in production)
   */
  public static AccessRules fromPolicy(
      List<JsonNode> ruleNodes, Function<String, String> env, Path policyDirectory, LongSupplier nanoClock) {
    if (ruleNodes == null || ruleNodes.isEmpty()) {
      return NONE;
    }
    List<AccessRule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < ruleNodes.size(); i++) {
      String pointer = "/access/" + i;
      AccessRule.Builder b = new AccessRule.Builder();
      JsonNode node = ruleNodes.get(i);
      b.id = node.path("id").asText("access-" + i);
      try {
        parse(node, b, pointer, env, policyDirectory, nanoClock);
      } catch (RuleProblem problem) {
        b.brokenReason = problem.getMessage();
        problems.add(problem.pointer + ": " + problem.getMessage());
      }
      if (b.paths.isEmpty()) {
        continue; // cannot even say where it applies; reported above
      }
      if (b.mode != Mode.OFF) {
        rules.add(b.build());
      }
    }
    return new AccessRules(List.copyOf(rules), List.copyOf(problems));
  }

  /** The first matching rule's decision, or allowed when no rule matches. */
  public AccessDecision decide(AccessRequest request) {
    if (rules.isEmpty()) {
      return AccessDecision.allowed();
    }
    String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
    String path = request.path();
    for (AccessRule rule : rules) {
      if (rule.applies(method, path)) {
        return rule.decide(request);
      }
    }
    return AccessDecision.allowed();
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public int size() {
    return rules.size();
  }

  /** Rules that could not be built, each as "pointer: reason"; they refuse what they match. */
  public List<String> problems() {
    return problems;
  }

  private static void parse(
      JsonNode node, AccessRule.Builder b, String pointer, Function<String, String> env, Path directory, LongSupplier clock)
      throws RuleProblem {
    JsonNode paths = node.path("paths");
    for (int p = 0; p < paths.size(); p++) {
      try {
        b.paths.add(PathPattern.parse(paths.get(p).asText()));
      } catch (IllegalArgumentException e) {
        throw new RuleProblem(pointer + "/paths/" + p, e.getMessage());
      }
    }
    for (JsonNode method : node.path("methods")) {
      b.methods.add(method.asText().toUpperCase(Locale.ROOT));
    }
    if (node.hasNonNull("mode")) {
      b.mode = Mode.fromId(node.get("mode").asText());
    }
    b.deny = node.path("deny").asBoolean(false);
    JsonNode response = node.path("response");
    if (response.hasNonNull("body")) {
      b.responseBody = response.get("body").asText();
    }
    if (response.hasNonNull("content_type")) {
      b.responseContentType = response.get("content_type").asText();
    }
    JsonNode require = node.path("require");
    JsonNode clientIps = require.path("client_ip");
    for (int c = 0; c < clientIps.size(); c++) {
      try {
        b.clientIps.add(IpRange.parse(clientIps.get(c).asText()));
      } catch (IllegalArgumentException e) {
        throw new RuleProblem(pointer + "/require/client_ip/" + c, e.getMessage());
      }
    }
    JsonNode authenticated = require.path("authenticated");
    if (authenticated.isBoolean()) {
      b.authenticated = authenticated.asBoolean();
    } else if (authenticated.isObject()) {
      b.authenticated = true;
      b.sessionAttribute = authenticated.path("session_attribute").asText(null);
    }
    JsonNode roles = require.path("roles");
    if (roles.isObject()) {
      JsonNode all = roles.path("all_of");
      b.roleMatch = all.isArray() ? AccessRule.RoleMatch.ALL_OF : AccessRule.RoleMatch.ANY_OF;
      for (JsonNode role : all.isArray() ? all : roles.path("any_of")) {
        b.roles.add(role.asText());
      }
    }
    JsonNode apiKey = require.path("api_key");
    if (apiKey.isObject()) {
      b.apiKeyHeader = apiKey.path("header").asText(null);
      b.apiKeyQuery = apiKey.path("query").asText(null);
      if (b.apiKeyHeader == null && b.apiKeyQuery == null) {
        b.apiKeyHeader = "X-Api-Key";
      }
      ApiKeys keys = new ApiKeys();
      JsonNode list = apiKey.path("keys");
      for (int k = 0; k < list.size(); k++) {
        try {
          keys.add(list.get(k).path("sha256").asText(), list.get(k).path("label").asText(null));
        } catch (IllegalArgumentException e) {
          throw new RuleProblem(pointer + "/require/api_key/keys/" + k + "/sha256", e.getMessage());
        }
      }
      b.apiKeys = keys;
    }
    JsonNode jwt = require.path("jwt");
    if (jwt.isObject()) {
      b.jwt = jwt(jwt, pointer + "/require/jwt", env, directory);
    }
    JsonNode rate = require.path("rate_limit");
    if (rate.isObject()) {
      long requests = rate.path("requests").asLong();
      long window = rate.path("per_seconds").asLong(60);
      long burst = rate.path("burst").asLong(requests);
      int maxClients = rate.path("max_clients").asInt(100_000);
      b.rateKey = AccessRule.RateKey.valueOf(rate.path("key").asText("client_ip").toUpperCase(Locale.ROOT));
      try {
        b.rateLimiter = new RateLimiter(requests, window, burst, maxClients, clock);
      } catch (IllegalArgumentException e) {
        throw new RuleProblem(pointer + "/require/rate_limit", e.getMessage());
      }
    }
  }

  private static JwtRequirement jwt(JsonNode jwt, String pointer, Function<String, String> env, Path directory)
      throws RuleProblem {
    byte[] secret = null;
    if (jwt.hasNonNull("hs256_secret_env")) {
      String variable = jwt.get("hs256_secret_env").asText();
      String value = env.apply(variable);
      if (value == null || value.isEmpty()) {
        throw new RuleProblem(pointer + "/hs256_secret_env", "the environment variable " + variable + " is not set");
      }
      secret = JwtRequirement.secretBytes(value);
    }
    JWKSet jwks = null;
    if (jwt.hasNonNull("jwks_file")) {
      Path file = directory == null ? Path.of(jwt.get("jwks_file").asText()) : directory.resolve(jwt.get("jwks_file").asText());
      try {
        jwks = JWKSet.parse(Files.readString(file)).toPublicJWKSet();
      } catch (IOException | java.text.ParseException e) {
        throw new RuleProblem(pointer + "/jwks_file", "cannot read the JWKS file " + file + ": " + e.getMessage());
      }
    }
    List<String> scopes = new ArrayList<>();
    for (JsonNode scope : jwt.path("scopes")) {
      scopes.add(scope.asText());
    }
    Map<String, String> claims = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = jwt.path("claims").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> claim = it.next();
      claims.put(claim.getKey(), claim.getValue().asText());
    }
    try {
      return new JwtRequirement(secret, jwks, jwt.path("issuer").asText(null), jwt.path("audience").asText(null),
          jwt.path("clock_skew_seconds").asInt(60), scopes, claims);
    } catch (IllegalArgumentException e) {
      throw new RuleProblem(pointer, e.getMessage());
    }
  }

  private static final class RuleProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final String pointer;

    RuleProblem(String pointer, String reason) {
      super(reason, null, false, false);
      this.pointer = pointer;
    }
  }
}
