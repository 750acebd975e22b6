package io.palisade.engine.context;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    if (length < 8 || length > 100_000 || !base64Shaped(value) || !decodesToText(value)) {
      return null; // most tokens, ids and header values end here, without allocating
    }
    byte[] bytes;
    try {
      bytes = value.indexOf('-') >= 0 || value.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(value)
          : Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException notText) {
      return null;
    }
    return decoded.isEmpty() || decoded.equals(value) || !readable(decoded) ? null : decoded;
  }

  /** Base64 or base64url letters, at least eight, then at most two '=' (what the old pattern said). */
  private static boolean base64Shaped(String value) {
    int end = value.length();
    int padding = 0;
    while (padding < 2 && end > 0 && value.charAt(end - 1) == '=') {
      end--;
      padding++;
    }
    if (end < 8) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      if (sextet(value.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes on the fly and gives up at the first byte that cannot be text (a control character), which
   * is where random tokens fail, usually within the first few bytes. Bytes of 0x80 and above may be
   * UTF-8 and are judged by the real decoder afterwards.
   */
  private static boolean decodesToText(String value) {
    int bits = 0;
    int buffer = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      int sextet = sextet(value.charAt(i));
      if (sextet < 0) {
        break; // padding
      }
      buffer = (buffer << 6) | sextet;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        int b = (buffer >>> bits) & 0xff;
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) {
          return false;
        }
      }
    }
    return true;
  }

  /** The six bits a Base64 or base64url letter stands for, or -1. */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
      return 62;
    }
    if (c == '/' || c == '_') {
      return 63;
    }
    return -1;
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
