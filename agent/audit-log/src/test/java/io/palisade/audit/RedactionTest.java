package io.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void builtInNamesMatchCaseInsensitively() {
    for (String name :
        Arrays.asList("Authorization", "PROXY-AUTHORIZATION", "Cookie", "set-cookie", "X-Api-Key",
            "api_key", "apikey", "password", "passwd", "PWD", "secret", "token", "access_token",
            "refresh_token", "client_secret", "JSESSIONID", "session")) {
      assertThat(Redaction.isSecretName(name, null)).as(name).isTrue();
    }
  }

  @Test
  void safeSubstringsMatchInsideLongerNames() {
    for (String name :
        Arrays.asList("user_password", "newPassword", "db_passwd", "x-client-secret",
            "X-Auth-Token", "csrf_token", "my-api-key", "stripeApiKey")) {
      assertThat(Redaction.isSecretName(name, Collections.emptyList())).as(name).isTrue();
    }
  }

  @Test
  void ordinaryNamesAreNotSecret() {
    for (String name : Arrays.asList("id", "q", "username", "sessions_count", "pwdx", "cookies_ok",
        "Accept", "User-Agent", "", " ")) {
      assertThat(Redaction.isSecretName(name, Collections.emptyList())).as(name).isFalse();
    }
    assertThat(Redaction.isSecretName(null, Collections.singletonList("x"))).isFalse();
  }

  @Test
  void extraNamesFromThePolicyMatchCaseInsensitively() {
    List<String> extra = Arrays.asList("SSN", "remember-me");
    assertThat(Redaction.isSecretName("ssn", extra)).isTrue();
    assertThat(Redaction.isSecretName("Remember-Me", extra)).isTrue();
    assertThat(Redaction.isSecretName("ssn_hint", extra)).isFalse();
  }

  @Test
  void truncateAppendsHowManyCharsWereCut() {
    assertThat(Redaction.truncate("abcdefghij", 4)).isEqualTo("abcd\u2026[+6 chars]");
    assertThat(Redaction.truncate("abcd", 4)).isEqualTo("abcd");
    assertThat(Redaction.truncate("", 4)).isEmpty();
    assertThat(Redaction.truncate(null, 4)).isNull();
  }

  @Test
  void truncateNeverSplitsASurrogatePair() {
    String s = "ab\uD83D\uDE00cd"; // a b 😀 c d
    assertThat(Redaction.truncate(s, 3)).isEqualTo("ab\u2026[+4 chars]");
  }

  @Test
  void redactValuesReplacesEveryOccurrenceAndEncodedForms() {
    List<String> secrets = Arrays.asList("hunter2!", "it's", "ab", "");
    assertThat(Redaction.redactValues("x=hunter2! y=hunter2!", secrets))
        .isEqualTo("x=[REDACTED] y=[REDACTED]");
    assertThat(Redaction.redactValues("/login?p=hunter2%21", secrets))
        .isEqualTo("/login?p=[REDACTED]");
    assertThat(Redaction.redactValues("WHERE p='it''s'", secrets)).isEqualTo("WHERE p='[REDACTED]'");
    // shorter than three chars: not searched
    assertThat(Redaction.redactValues("abc", secrets)).isEqualTo("abc");
  }

  @Test
  void aReplacementIsNotSearchedAgain() {
    assertThat(Redaction.redactValues("RED secret RED", Arrays.asList("RED", "secret")))
        .isEqualTo("[REDACTED] [REDACTED] [REDACTED]");
  }
}
