package io.palisade.engine.context;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The second chance for a value that does not reach a sink as sent: decoded once more from URL
 * encoding (double-encoded payloads) or from Base64 (payloads the application decodes itself).
 * Only decodings that produce readable text are offered, so random tokens add nothing.
 */
final class DecodedValues {
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");

  private DecodedValues() {}

  static String urlDecoded(String value) {
    if (value.indexOf('%') < 0) {
      return null;
    }
    String decoded = UrlDecoding.decodeForm(value);
    return decoded.equals(value) || !readable(decoded) ? null : decoded;
  }

  static String base64Decoded(String value) {
    if (value.length() < 8 || value.length() > 100_000 || !BASE64.matcher(value).matches()) {
      return null;
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
