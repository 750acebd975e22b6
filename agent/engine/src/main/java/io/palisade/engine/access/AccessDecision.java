package io.palisade.engine.access;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of the access rules for one request: allowed, or refused by one rule with the status
 * the client gets and what the audit event says. Carries no secret: only a key's label, a token's
 * {@code sub} and {@code jti}.
 */
public final class AccessDecision {
  public static final String UNAUTHORIZED_ACCESS = "unauthorized_access";
  public static final String RATE_LIMIT = "rate_limit";

  private static final AccessDecision ALLOWED = new AccessDecision(null, null, null, 0, null, 0, null, null);

  private final AccessRule rule;
  private final String detector;
  private final String requirement;
  private final int status;
  private final String challenge;
  private final long retryAfterSeconds;
  private final String reason;
  private final Map<String, String> credential;

  private AccessDecision(
      AccessRule rule,
      String detector,
      String requirement,
      int status,
      String challenge,
      long retryAfterSeconds,
      String reason,
      Map<String, String> credential) {
    this.rule = rule;
    this.detector = detector;
    this.requirement = requirement;
    this.status = status;
    this.challenge = challenge;
    this.retryAfterSeconds = retryAfterSeconds;
    this.reason = reason;
    this.credential = credential;
  }

  public static AccessDecision allowed() {
    return ALLOWED;
  }

  /** 401: credentials missing or invalid; {@code challenge} is the WWW-Authenticate value. */
  static AccessDecision unauthenticated(AccessRule rule, String requirement, String challenge, String reason, Map<String, String> credential) {
    return new AccessDecision(rule, UNAUTHORIZED_ACCESS, requirement, 401, challenge, 0, reason, credential);
  }

  /** 403: credentials valid but insufficient, or the path may not be reached from there at all. */
  static AccessDecision forbidden(AccessRule rule, String requirement, String reason, Map<String, String> credential) {
    return new AccessDecision(rule, UNAUTHORIZED_ACCESS, requirement, 403, null, 0, reason, credential);
  }

  /** 429: the client's bucket is empty; it may retry after the given seconds. */
  static AccessDecision rateLimited(AccessRule rule, long retryAfterSeconds, String reason, Map<String, String> credential) {
    return new AccessDecision(rule, RATE_LIMIT, "rate_limit", 429, null, retryAfterSeconds, reason, credential);
  }

  public boolean isAllowed() {
    return rule == null;
  }

  public AccessRule rule() {
    return rule;
  }

  /** {@code unauthorized_access} or {@code rate_limit}. */
  public String detector() {
    return detector;
  }

  /** The requirement that refused: deny, client_ip, authenticated, roles, api_key, jwt, rate_limit. */
  public String requirement() {
    return requirement;
  }

  public int status() {
    return status;
  }

  /** The WWW-Authenticate value of a 401, else null. */
  public String challenge() {
    return challenge;
  }

  /** The Retry-After seconds of a 429, else 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public String reason() {
    return reason;
  }

  /** What identifies the caller without revealing a secret: key label, token sub and jti, principal. */
  public Map<String, String> credential() {
    return credential == null ? new LinkedHashMap<>() : new LinkedHashMap<>(credential);
  }

  @Override
  public String toString() {
    return isAllowed() ? "allowed" : rule.id() + ": " + status + " " + requirement + " (" + reason + ")";
  }
}
