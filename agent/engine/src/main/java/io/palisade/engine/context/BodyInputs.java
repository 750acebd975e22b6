package io.palisade.engine.context;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a captured body into request inputs by its content type: JSON leaves and keys, XML text and
 * attributes, form pairs, multipart fields and file names, and the whole text of other text bodies.
 * A body that does not parse (cut by the size limit, malformed) yields what was read before the error.
 */
final class BodyInputs {
  /** Bounds the work one body can cause, whatever its shape. */
  static final int MAX_VALUES = 2_000;

  private BodyInputs() {}

  static void collect(String contentType, RequestBody body, RequestContext.InputCollector collector) {
    String type = mediaType(contentType);
    String text = body.text(charset(contentType));
    if (text.isEmpty()) {
      return;
    }
    if (type.equals("application/x-www-form-urlencoded")) {
      FormBody.collect(text, collector);
    } else if (type.startsWith("multipart/")) {
      MultipartBody.collect(contentType, text, collector);
    } else if (type.endsWith("/json") || type.endsWith("+json") || (type.isEmpty() && looksLikeJson(text))) {
      JsonBody.collect(text, collector);
    } else if (type.endsWith("/xml") || type.endsWith("+xml")) {
      XmlBody.collect(text, collector);
    } else if (type.startsWith("text/") || type.isEmpty()) {
      collector.add(RequestInput.Source.BODY, "body", text);
    }
  }

  /** A form the container parses into parameters itself: urlencoded or multipart. */
  static boolean isFormOrMultipart(String contentType) {
    if (contentType == null) {
      return false;
    }
    int start = 0;
    while (start < contentType.length() && contentType.charAt(start) == ' ') {
      start++;
    }
    return contentType.regionMatches(true, start, "application/x-www-form-urlencoded", 0, 33)
        || contentType.regionMatches(true, start, "multipart/", 0, 10);
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String bare = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return bare.trim().toLowerCase(Locale.ROOT);
  }

  /** The {@code charset} parameter, UTF-8 when absent or unknown (what JSON and browsers use). */
  static Charset charset(String contentType) {
    String value = parameter(contentType, "charset");
    if (value != null) {
      try {
        return Charset.forName(value);
      } catch (RuntimeException unknown) {
        // fall through
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * A parameter of a header value such as {@code multipart/form-data; boundary=x} or
   * {@code form-data; name="f"; filename="a;b.png"}: quoted values may hold semicolons.
   */
  static String parameter(String headerValue, String name) {
    if (headerValue == null) {
      return null;
    }
    int i = headerValue.indexOf(';');
    while (i >= 0 && i < headerValue.length()) {
      int start = i + 1;
      int equals = headerValue.indexOf('=', start);
      if (equals < 0) {
        return null;
      }
      String key = headerValue.substring(start, equals).trim();
      int valueStart = equals + 1;
      while (valueStart < headerValue.length() && headerValue.charAt(valueStart) == ' ') {
        valueStart++;
      }
      String value;
      int next;
      if (valueStart < headerValue.length() && headerValue.charAt(valueStart) == '"') {
        StringBuilder quoted = new StringBuilder();
        int j = valueStart + 1;
        while (j < headerValue.length() && headerValue.charAt(j) != '"') {
          char c = headerValue.charAt(j);
          if (c == '\\' && j + 1 < headerValue.length()) {
            c = headerValue.charAt(++j);
          }
          quoted.append(c);
          j++;
        }
        value = quoted.toString();
        next = headerValue.indexOf(';', j);
      } else {
        next = headerValue.indexOf(';', valueStart);
        value = headerValue.substring(valueStart, next < 0 ? headerValue.length() : next).trim();
      }
      if (key.equalsIgnoreCase(name)) {
        return value;
      }
      i = next;
    }
    return null;
  }

  private static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }
}
