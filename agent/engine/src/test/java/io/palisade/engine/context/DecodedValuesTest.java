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
  void shapesTheDecoderWouldRefuseAreNotDecoded() {
    String text = base64("1 UNION SELECT password FROM users"); // 48 letters, no padding needed
    assertThat(DecodedValues.base64Decoded(text)).isEqualTo("1 UNION SELECT password FROM users");
    assertThat(DecodedValues.base64Decoded(text + "A")).isNull(); // one letter over a multiple of four
    assertThat(DecodedValues.base64Decoded(text.substring(0, 46) + "=")).isNull(); // padding that does not complete
    assertThat(DecodedValues.base64Decoded("abc+def_ghij")).isNull(); // both alphabets at once
    byte[] latin1 = "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1); // not UTF-8
    assertThat(DecodedValues.base64Decoded(Base64.getEncoder().encodeToString(latin1))).isNull();
    String unpadded = Base64.getEncoder().withoutPadding().encodeToString("it's 1=1".getBytes(StandardCharsets.UTF_8));
    assertThat(DecodedValues.base64Decoded(unpadded)).isEqualTo("it's 1=1");
  }

  @Test
  void doubleUrlEncodingIsDecodedOnce() {
    assertThat(DecodedValues.urlDecoded("1%27%20OR%201%3D1")).isEqualTo("1' OR 1=1");
    assertThat(DecodedValues.urlDecoded("plain")).isNull();
  }
}
