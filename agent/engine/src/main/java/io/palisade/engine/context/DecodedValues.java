package io.palisade.engine.context;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The second chance for a value that does not reach a sink as sent: decoded once more from URL
 * encoding (double-encoded payloads) or from Base64 (payloads the application decodes itself).
 * Only decodings that produce readable text are offered, so random tokens add nothing.
 */
final class DecodedValues {
  private DecodedValues() {}

  static String urlDecoded(String value) {
    if (value.indexOf('%') < 0) {
      return null;
    }
    String decoded = UrlDecoding.decodeForm(value);
    return decoded.equals(value) || !readable(decoded) ? null : decoded;
  }

  static String base64Decoded(String value) {
    int length = value.length();
    // Decoding first: text and random tokens alike mostly fail within a byte or two (a control
    // character, a stray UTF-8 continuation byte), where the shape check reads the whole value.
    if (length < 8 || length > 100_000 || !decodesToText(value) || !base64Shaped(value)) {
      return null; // most tokens, ids and header values end here, without allocating or throwing
    }
    boolean urlSafe = value.indexOf('-') >= 0 || value.indexOf('_') >= 0;
    byte[] bytes;
    try {
      bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(value);
    } catch (IllegalArgumentException notBase64) {
      return null; // not expected after the checks above; never worth a failure
    }
    String decoded = new String(bytes, StandardCharsets.UTF_8); // valid UTF-8: decodesToText checked it
    return decoded.isEmpty() || decoded.equals(value) || !readable(decoded) ? null : decoded;
  }

  /**
   * What the JDK's decoders accept, checked without an exception: at least eight letters of one
   * alphabet (standard or URL-safe, not both), at most two '=' and only at the end, and a length the
   * decoder can complete (padded: a multiple of four; unpadded: not one letter over a multiple of four).
   */
  private static boolean base64Shaped(String value) {
    int end = value.length();
    int padding = 0;
    while (padding < 2 && end > 0 && value.charAt(end - 1) == '=') {
      end--;
      padding++;
    }
    if (end < 8 || end % 4 == 1 || padding > 0 && (end + padding) % 4 != 0) {
      return false;
    }
    boolean standard = false;
    boolean urlSafe = false;
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (sextet(c) < 0) {
        return false;
      }
      standard |= c == '+' || c == '/';
      urlSafe |= c == '-' || c == '_';
    }
    return !(standard && urlSafe);
  }

  /**
   * Decodes on the fly and gives up at the first byte that cannot be text: a control character (where
   * random tokens fail, usually within the first few bytes) or a byte that breaks UTF-8. No allocation.
   */
  private static boolean decodesToText(String value) {
    int bits = 0;
    int buffer = 0;
    int continuations = 0; // UTF-8 continuation bytes still expected
    for (int i = 0, n = value.length(); i < n; i++) {
      int sextet = sextet(value.charAt(i));
      if (sextet < 0) {
        break; // padding
      }
      buffer = (buffer << 6) | sextet;
      bits += 6;
      if (bits < 8) {
        continue;
      }
      bits -= 8;
      int b = (buffer >>> bits) & 0xff;
      if (continuations > 0) {
        if ((b & 0xc0) != 0x80) {
          return false;
        }
        continuations--;
      } else if (b < 0x80) {
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) {
          return false;
        }
      } else if (b >= 0xc2 && b <= 0xdf) {
        continuations = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        continuations = 2;
      } else if (b >= 0xf0 && b <= 0xf4) {
        continuations = 3;
      } else {
        return false; // a stray continuation byte, or a byte UTF-8 never uses
      }
    }
    return continuations == 0;
  }

  /** The six bits a Base64 or base64url letter stands for, or -1. */
  private static int sextet(char c) {
    // a table: every header value and JSON string of every request passes through here
    return c < SEXTETS.length ? SEXTETS[c] : -1;
  }

  private static final byte[] SEXTETS = new byte[128];

  static {
    java.util.Arrays.fill(SEXTETS, (byte) -1);
    for (int i = 0; i < 26; i++) {
      SEXTETS['A' + i] = (byte) i;
      SEXTETS['a' + i] = (byte) (26 + i);
    }
    for (int i = 0; i < 10; i++) {
      SEXTETS['0' + i] = (byte) (52 + i);
    }
    SEXTETS['+'] = 62;
    SEXTETS['-'] = 62;
    SEXTETS['/'] = 63;
    SEXTETS['_'] = 63;
  }

  /** Printable text: no control characters but tab and line breaks. */
  private static boolean readable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f || c == '\ufffd') {
        return false;
      }
    }
    return true;
  }
}
