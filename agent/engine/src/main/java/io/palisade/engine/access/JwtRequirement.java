package io.palisade.engine.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bearer token the request must carry, verified with Nimbus JOSE+JWT. Each algorithm is bound to
 * its own key source: HS256 only to the configured secret, RS256 and ES256 only to the JWKS keys.
 * So {@code alg: none} is refused (the processor never accepts unsecured tokens), and an HS256 token
 * "signed" with the RSA public key finds no HMAC key (algorithm confusion). {@code exp} is required;
 * {@code nbf}, {@code iss} and {@code aud} are checked with the configured clock skew.
 */
public final class JwtRequirement {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final List<String> requiredScopes;
  private final Map<String, String> requiredClaims;

  /**
   * @param hs256Secret the HMAC secret (at least 32 bytes), or null
   * @param jwks the public keys for RS256 and ES256, or null
   */
  public JwtRequirement(
      byte[] hs256Secret,
      JWKSet jwks,
      String issuer,
      String audience,
      int clockSkewSeconds,
      List<String> requiredScopes,
      Map<String, String> requiredClaims) {
    if (hs256Secret == null && jwks == null) {
      throw new IllegalArgumentException("a jwt requirement needs an HS256 secret or a JWKS file");
    }
    if (hs256Secret != null && hs256Secret.length < 32) {
      throw new IllegalArgumentException("the HS256 secret must have at least 256 bits (32 bytes)");
    }
    JWSKeySelector<SecurityContext> hmac =
        hs256Secret == null ? null : new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(hs256Secret));
    JWSKeySelector<SecurityContext> publicKeys =
        jwks == null
            ? null
            : new JWSVerificationKeySelector<>(
                new HashSet<>(List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)), new ImmutableJWKSet<>(jwks));
    processor.setJWSKeySelector(new ByAlgorithm(hmac, publicKeys));
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (issuer != null) {
      exact.issuer(issuer);
    }
    Set<String> required = new HashSet<>(List.of("exp"));
    DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier =
        new DefaultJWTClaimsVerifier<>(
            audience == null ? null : Collections.singleton(audience), exact.build(), required, null);
    claimsVerifier.setMaxClockSkew(Math.max(0, clockSkewSeconds));
    processor.setJWTClaimsSetVerifier(claimsVerifier);
    this.requiredScopes = List.copyOf(requiredScopes == null ? List.of() : requiredScopes);
    this.requiredClaims = Map.copyOf(requiredClaims == null ? Map.of() : requiredClaims);
  }

  /** The outcome of checking one token. */
  public static final class Result {
    public enum Kind { VALID, INVALID, INSUFFICIENT }

    private final Kind kind;
    private final String reason;
    private final Map<String, String> identity;

    Result(Kind kind, String reason, Map<String, String> identity) {
      this.kind = kind;
      this.reason = reason;
      this.identity = identity;
    }

    public Kind kind() {
      return kind;
    }

    public String reason() {
      return reason;
    }

    /** {@code sub} and {@code jti} of a token whose signature was verified; empty otherwise. */
    public Map<String, String> identity() {
      return identity;
    }
  }

  public Result verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      return new Result(Result.Kind.INVALID, "the bearer token is not a JWT", Map.of());
    } catch (BadJOSEException | JOSEException e) {
      return new Result(Result.Kind.INVALID, "the bearer token was refused: " + e.getMessage(), Map.of());
    }
    Map<String, String> identity = new LinkedHashMap<>();
    if (claims.getSubject() != null) {
      identity.put("sub", claims.getSubject());
    }
    if (claims.getJWTID() != null) {
      identity.put("jti", claims.getJWTID());
    }
    Set<String> scopes = scopesOf(claims);
    List<String> missing = new ArrayList<>();
    for (String scope : requiredScopes) {
      if (!scopes.contains(scope)) {
        missing.add(scope);
      }
    }
    if (!missing.isEmpty()) {
      return new Result(Result.Kind.INSUFFICIENT, "the token lacks the scope(s) " + missing, identity);
    }
    for (Map.Entry<String, String> claim : requiredClaims.entrySet()) {
      Object value = claims.getClaim(claim.getKey());
      boolean present =
          value instanceof List ? ((List<?>) value).stream().anyMatch(v -> claim.getValue().equals(String.valueOf(v)))
              : value != null && claim.getValue().equals(String.valueOf(value));
      if (!present) {
        return new Result(Result.Kind.INSUFFICIENT, "the token's claim " + claim.getKey() + " is not " + claim.getValue(), identity);
      }
    }
    return new Result(Result.Kind.VALID, null, identity);
  }

  /** {@code scope} (space-separated, RFC 8693) or {@code scp} (a list or a string). */
  private static Set<String> scopesOf(JWTClaimsSet claims) {
    Set<String> scopes = new HashSet<>();
    for (String name : List.of("scope", "scp")) {
      Object value = claims.getClaim(name);
      if (value instanceof String) {
        Collections.addAll(scopes, ((String) value).trim().split("\\s+"));
      } else if (value instanceof List) {
        for (Object item : (List<?>) value) {
          scopes.add(String.valueOf(item));
        }
      }
    }
    return scopes;
  }

  /** Sends each algorithm to its own key source only; any other algorithm finds no key. */
  private static final class ByAlgorithm implements JWSKeySelector<SecurityContext> {
    private static final Set<String> PUBLIC_KEY_ALGORITHMS = Set.of("RS256", "ES256");
    private final JWSKeySelector<SecurityContext> hmac;
    private final JWSKeySelector<SecurityContext> publicKeys;

    ByAlgorithm(JWSKeySelector<SecurityContext> hmac, JWSKeySelector<SecurityContext> publicKeys) {
      this.hmac = hmac;
      this.publicKeys = publicKeys;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws com.nimbusds.jose.KeySourceException {
      String algorithm = header.getAlgorithm().getName();
      if (algorithm.equals("HS256") && hmac != null) {
        return hmac.selectJWSKeys(header, context);
      }
      if (PUBLIC_KEY_ALGORITHMS.contains(algorithm) && publicKeys != null) {
        return publicKeys.selectJWSKeys(header, context);
      }
      return Collections.emptyList();
    }
  }

  static byte[] secretBytes(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
