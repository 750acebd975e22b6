package io.palisade.engine.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.palisade.engine.access.JwtRequirement.Result.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real tokens, made and signed here, against a verifier configured as a policy would configure it. */
class JwtRequirementTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef-hs256".getBytes(StandardCharsets.UTF_8);
  static RSAKey rsa;
  static RSAKey otherRsa;
  static ECKey ec;
  static JwtRequirement withJwks;
  static JwtRequirement withSecret;

  @BeforeAll
  static void keys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    otherRsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    JWKSet publicKeys = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    withJwks = new JwtRequirement(null, publicKeys, "https://login.example", "orders-api", 30, List.of("orders:read"), Map.of("tenant", "acme"));
    withSecret = new JwtRequirement(SECRET, null, null, "orders-api", 30, List.of(), Map.of());
  }

  static JWTClaimsSet.Builder claims() {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder()
        .issuer("https://login.example")
        .audience("orders-api")
        .subject("user-42")
        .jwtID("jti-1")
        .issueTime(new Date(now))
        .expirationTime(new Date(now + 300_000))
        .claim("scope", "orders:read orders:write")
        .claim("tenant", "acme");
  }

  static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  static String hs256(byte[] secret, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  @Test
  void acceptsAValidRs256TokenAndNamesItsSubjectAndId() throws Exception {
    JwtRequirement.Result result = withJwks.verify(rs256(rsa, claims().build()));
    assertThat(result.kind()).isEqualTo(Kind.VALID);
    assertThat(result.identity()).containsEntry("sub", "user-42").containsEntry("jti", "jti-1");
  }

  @Test
  void acceptsAValidEs256Token() throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims().build());
    jwt.sign(new ECDSASigner(ec));
    assertThat(withJwks.verify(jwt.serialize()).kind()).isEqualTo(Kind.VALID);
  }

  @Test
  void acceptsAValidHs256Token() throws Exception {
    assertThat(withSecret.verify(hs256(SECRET, claims().build())).kind()).isEqualTo(Kind.VALID);
  }

  @Test
  void refusesAnExpiredTokenBeyondTheClockSkew() throws Exception {
    long now = System.currentTimeMillis();
    String expired = rs256(rsa, claims().expirationTime(new Date(now - 120_000)).build());
    assertThat(withJwks.verify(expired).kind()).isEqualTo(Kind.INVALID);
    assertThat(withJwks.verify(expired).identity()).isEmpty();
    // Within the 30 s skew: still accepted, so clocks a little apart do not lock users out.
    String justExpired = rs256(rsa, claims().expirationTime(new Date(now - 10_000)).build());
    assertThat(withJwks.verify(justExpired).kind()).isEqualTo(Kind.VALID);
  }

  @Test
  void refusesATokenNotYetValid() throws Exception {
    String future = rs256(rsa, claims().notBeforeTime(new Date(System.currentTimeMillis() + 120_000)).build());
    assertThat(withJwks.verify(future).kind()).isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesATokenWithoutExpiry() throws Exception {
    String forever = rs256(rsa, claims().expirationTime(null).build());
    assertThat(withJwks.verify(forever).kind()).isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesTheWrongAudienceAndIssuer() throws Exception {
    assertThat(withJwks.verify(rs256(rsa, claims().audience("billing-api").build())).kind()).isEqualTo(Kind.INVALID);
    assertThat(withJwks.verify(rs256(rsa, claims().issuer("https://evil.example").build())).kind()).isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesAWrongSignature() throws Exception {
    // Same key id, another key: the signature does not verify.
    assertThat(withJwks.verify(rs256(otherRsa, claims().build())).kind()).isEqualTo(Kind.INVALID);
    String token = rs256(rsa, claims().build());
    String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
    assertThat(withJwks.verify(tampered).kind()).isEqualTo(Kind.INVALID);
    assertThat(withSecret.verify(hs256("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8), claims().build())).kind())
        .isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesAlgNone() {
    String unsecured = new PlainJWT(claims().build()).serialize();
    assertThat(withJwks.verify(unsecured).kind()).isEqualTo(Kind.INVALID);
    assertThat(withSecret.verify(unsecured).kind()).isEqualTo(Kind.INVALID);
    // alg "none" with a signature part appended, as some attacks send it.
    assertThat(withJwks.verify(unsecured + "c2lnbmF0dXJl").kind()).isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesHs256SignedWithTheRsaPublicKey() throws Exception {
    // Algorithm confusion: a verifier that fed the RSA public key to HMAC would accept this token.
    byte[] publicKeyBytes = rsa.toRSAPublicKey().getEncoded();
    assertThat(withJwks.verify(hs256(publicKeyBytes, claims().build())).kind()).isEqualTo(Kind.INVALID);
    byte[] jwkText = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    assertThat(withJwks.verify(hs256(jwkText, claims().build())).kind()).isEqualTo(Kind.INVALID);
    // Even with both key sources configured, HS256 only ever uses the secret.
    JwtRequirement both = new JwtRequirement(SECRET, new JWKSet(rsa.toPublicJWK()), null, null, 0, List.of(), Map.of());
    assertThat(both.verify(hs256(publicKeyBytes, claims().build())).kind()).isEqualTo(Kind.INVALID);
    assertThat(both.verify(hs256(SECRET, claims().build())).kind()).isEqualTo(Kind.VALID);
    assertThat(both.verify(rs256(rsa, claims().build())).kind()).isEqualTo(Kind.VALID);
  }

  @Test
  void aValidTokenWithoutTheScopeOrClaimIsInsufficient() throws Exception {
    JwtRequirement.Result noScope = withJwks.verify(rs256(rsa, claims().claim("scope", "orders:write").build()));
    assertThat(noScope.kind()).isEqualTo(Kind.INSUFFICIENT);
    assertThat(noScope.reason()).contains("orders:read");
    assertThat(noScope.identity()).containsEntry("sub", "user-42");
    assertThat(withJwks.verify(rs256(rsa, claims().claim("scope", null).claim("scp", List.of("orders:read")).build())).kind())
        .isEqualTo(Kind.VALID);
    assertThat(withJwks.verify(rs256(rsa, claims().claim("tenant", "globex").build())).kind()).isEqualTo(Kind.INSUFFICIENT);
  }

  @Test
  void refusesWhatIsNotAToken() {
    assertThat(withJwks.verify("not-a-jwt").kind()).isEqualTo(Kind.INVALID);
    assertThat(withJwks.verify("").kind()).isEqualTo(Kind.INVALID);
  }
}
