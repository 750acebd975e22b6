package io.palisade.engine.access;

import io.palisade.policy.IpRange;
import io.palisade.policy.Mode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code access} rule: where it applies (paths, methods), what it requires, and its mode. The
 * requirements are checked cheapest and most decisive first: deny, client IP, principal, roles, API
 * key, token, then the rate limit (last, so that refused requests do not use up a client's tokens and a
 * limit keyed by principal or key sees the verified identity).
 */
public final class AccessRule {
  /** How {@code roles} combines its list. */
  public enum RoleMatch { ANY_OF, ALL_OF }

  /** What a rate limit counts by. */
  public enum RateKey { CLIENT_IP, PRINCIPAL, API_KEY, JWT_SUB }

  final String id;
  final Mode mode;
  final List<PathPattern> paths;
  final Set<String> methods;
  final boolean deny;
  final List<IpRange> clientIps;
  final boolean authenticated;
  final String sessionAttribute;
  final RoleMatch roleMatch;
  final List<String> roles;
  final String apiKeyHeader;
  final String apiKeyQuery;
  final ApiKeys apiKeys;
  final JwtRequirement jwt;
  final RateLimiter rateLimiter;
  final RateKey rateKey;
  final String challengeRealm;
  final String responseBody;
  final String responseContentType;
  /** Why the rule could not be built, when it could not: such a rule refuses every request it matches. */
  final String brokenReason;

  AccessRule(Builder b) {
    this.id = b.id;
    this.mode = b.mode;
    this.paths = List.copyOf(b.paths);
    this.methods = Set.copyOf(b.methods);
    this.deny = b.deny;
    this.clientIps = List.copyOf(b.clientIps);
    this.authenticated = b.authenticated;
    this.sessionAttribute = b.sessionAttribute;
    this.roleMatch = b.roleMatch;
    this.roles = List.copyOf(b.roles);
    this.apiKeyHeader = b.apiKeyHeader;
    this.apiKeyQuery = b.apiKeyQuery;
    this.apiKeys = b.apiKeys;
    this.jwt = b.jwt;
    this.rateLimiter = b.rateLimiter;
    this.rateKey = b.rateKey;
    this.challengeRealm = b.id;
    this.responseBody = b.responseBody;
    this.responseContentType = b.responseContentType;
    this.brokenReason = b.brokenReason;
  }

  public String id() {
    return id;
  }

  public Mode mode() {
    return mode;
  }

  /** The rule's own response body template (with {@code {event_id}}), or null for the policy's block response body. */
  public String responseBody() {
    return responseBody;
  }

  public String responseContentType() {
    return responseContentType;
  }

  boolean applies(String method, String path) {
    if (!methods.isEmpty() && !methods.contains(method)) {
      return false;
    }
    for (PathPattern pattern : paths) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }

  AccessDecision decide(AccessRequest request) {
    if (brokenReason != null) {
      return AccessDecision.forbidden(this, "configuration", "the rule could not be built (" + brokenReason + "), so it refuses every request it matches", null);
    }
    if (deny) {
      return AccessDecision.forbidden(this, "deny", "the path " + request.path() + " may never be reached", null);
    }
    Map<String, String> credential = new LinkedHashMap<>();
    if (!clientIps.isEmpty()) {
      String ip = request.clientIp();
      boolean inside = false;
      for (IpRange cidr : clientIps) {
        inside |= ip != null && cidr.contains(ip);
      }
      if (!inside) {
        return AccessDecision.forbidden(this, "client_ip", "the client address " + ip + " is outside the allowed ranges " + clientIps, null);
      }
    }
    String principal = null;
    if (authenticated || !roles.isEmpty()) {
      principal = request.principal();
      boolean sessionUser = sessionAttribute != null && request.hasSessionAttribute(sessionAttribute);
      if (principal == null && !sessionUser) {
        String requirement = authenticated ? "authenticated" : "roles";
        return AccessDecision.unauthenticated(this, requirement, challenge("Login"), "the request is not authenticated", null);
      }
      if (principal != null) {
        credential.put("principal", principal);
      }
    }
    if (!roles.isEmpty()) {
      int held = 0;
      for (String role : roles) {
        if (request.isUserInRole(role)) {
          held++;
        }
      }
      boolean enough = roleMatch == RoleMatch.ALL_OF ? held == roles.size() : held > 0;
      if (principal == null || !enough) {
        String wanted = (roleMatch == RoleMatch.ALL_OF ? "all of " : "any of ") + roles;
        return AccessDecision.forbidden(this, "roles", "the user " + principal + " lacks " + wanted, credential);
      }
    }
    if (apiKeys != null) {
      String presented = apiKeyHeader != null ? request.header(apiKeyHeader) : null;
      if (presented == null && apiKeyQuery != null) {
        presented = request.queryParameter(apiKeyQuery);
      }
      String where = apiKeyHeader != null ? "header " + apiKeyHeader : "query parameter " + apiKeyQuery;
      String challenge = challenge("ApiKey") + ", " + (apiKeyHeader != null ? "header=\"" + apiKeyHeader + "\"" : "query=\"" + apiKeyQuery + "\"");
      if (presented == null || presented.isEmpty()) {
        return AccessDecision.unauthenticated(this, "api_key", challenge, "no API key in the " + where, credential);
      }
      String label = apiKeys.match(presented.trim());
      if (label == null) {
        return AccessDecision.unauthenticated(this, "api_key", challenge, "the API key in the " + where + " is not one of the accepted keys", credential);
      }
      credential.put("key_label", label);
    }
    if (jwt != null) {
      String authorization = request.header("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return AccessDecision.unauthenticated(this, "jwt", challenge("Bearer"), "no bearer token", credential);
      }
      JwtRequirement.Result result = jwt.verify(authorization.substring(7).trim());
      credential.putAll(result.identity());
      if (result.kind() == JwtRequirement.Result.Kind.INVALID) {
        return AccessDecision.unauthenticated(this, "jwt", challenge("Bearer") + ", error=\"invalid_token\"", result.reason(), credential);
      }
      if (result.kind() == JwtRequirement.Result.Kind.INSUFFICIENT) {
        return AccessDecision.forbidden(this, "jwt", result.reason(), credential);
      }
    }
    if (rateLimiter != null) {
      String client = rateClient(request, credential);
      long retryAfter = rateLimiter.acquire(client);
      if (retryAfter > 0) {
        return AccessDecision.rateLimited(this, retryAfter, "more requests than the rate limit allows for " + client, credential);
      }
    }
    return AccessDecision.allowed();
  }

  private String rateClient(AccessRequest request, Map<String, String> credential) {
    String identity = null;
    switch (rateKey) {
      case PRINCIPAL:
        identity = credential.containsKey("principal") ? credential.get("principal") : request.principal();
        break;
      case API_KEY:
        identity = credential.get("key_label");
        break;
      case JWT_SUB:
        identity = credential.get("sub");
        break;
      default:
        break;
    }
    // Without the identity the limit counts by, fall back to the address rather than one shared bucket.
    return identity != null ? rateKey.name().toLowerCase() + ":" + identity : "ip:" + request.clientIp();
  }

  private String challenge(String scheme) {
    return scheme + " realm=\"" + challengeRealm.replace("\"", "") + "\"";
  }

  static final class Builder {
    String id;
    Mode mode = Mode.BLOCK;
    List<PathPattern> paths = new java.util.ArrayList<>();
    Set<String> methods = new java.util.HashSet<>();
    boolean deny;
    List<IpRange> clientIps = new java.util.ArrayList<>();
    boolean authenticated;
    String sessionAttribute;
    RoleMatch roleMatch = RoleMatch.ANY_OF;
    List<String> roles = new java.util.ArrayList<>();
    String apiKeyHeader;
    String apiKeyQuery;
    ApiKeys apiKeys;
    JwtRequirement jwt;
    RateLimiter rateLimiter;
    RateKey rateKey = RateKey.CLIENT_IP;
    String responseBody;
    String responseContentType;
    String brokenReason;

    AccessRule build() {
      return new AccessRule(this);
    }
  }
}
