package io.palisade.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecodedValuesTest {

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void base64TextIsDecoded() {
    assertThat(DecodedValues.base64Decoded(base64("1' OR '1'='1"))).isEqualTo("1' OR '1'='1");
    assertThat(DecodedValues.base64Decoded(base64("Müller; DROP TABLE t"))).isEqualTo("Müller; DROP TABLE t");
    String urlSafe = Base64.getUrlEncoder().encodeToString("a?b>c~~~d".getBytes(StandardCharsets.UTF_8));
    assertThat(urlSafe).containsAnyOf("-", "_");
    assertThat(DecodedValues.base64Decoded(urlSafe)).isEqualTo("a?b>c~~~d");
    assertThat(DecodedValues.base64Decoded(base64("line one\nline two"))).isEqualTo("line one\nline two");
  }

  @Test
  void tokensAndOrdinaryValuesAreNotDecoded() {
    assertThat(DecodedValues.base64Decoded("keep-alive")).isNull();
    assertThat(DecodedValues.base64Decoded("3f2b9c1e-8d4a-4b6f-9e2a-7c5d1f0a9b8e")).isNull();
    assertThat(DecodedValues.base64Decoded("short")).isNull();
    assertThat(DecodedValues.base64Decoded("has space in it")).isNull();
    assertThat(DecodedValues.base64Decoded("abc=defghijk")).isNull(); // '=' only at the end
    assertThat(DecodedValues.base64Decoded(base64("\u0001\u0002binary\u0000"))).isNull();
    Random random = new Random(3);
    int decoded = 0;
    for (int i = 0; i < 1000; i++) {
      byte[] token = new byte[24];
      random.nextBytes(token);
      if (DecodedValues.base64Decoded(Base64.getEncoder().encodeToString(token)) != null) {
        decoded++;
      }
    }
    assertThat(decoded).as("random 24-byte tokens that decode to text").isZero();
  }

  @Test
  void doubleUrlEncodingIsDecodedOnce() {
    assertThat(DecodedValues.urlDecoded("1%27%20OR%201%3D1")).isEqualTo("1' OR 1=1");
    assertThat(DecodedValues.urlDecoded("plain")).isNull();
  }
}
