package io.palisade.engine.context;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lenient percent-decoding, as a container decodes what it hands the application. A malformed escape
 * is kept as it is rather than failing: attackers send malformed escapes on purpose.
 */
final class UrlDecoding {
  private UrlDecoding() {}

  /** Query strings and form bodies: {@code +} means space. */
  static String decodeForm(String raw) {
    return decode(raw, true);
  }

  /** Path segments: {@code +} is a plus sign. */
  static String decodePath(String raw) {
    return decode(raw, false);
  }

  private static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2)) {
        bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private static boolean isHex(String s, int index) {
    return index < s.length() && Character.digit(s.charAt(index), 16) >= 0;
  }
}
