package io.palisade.detector.xss;

/**
 * The escaping the sanitize action applies: the five characters that matter in text and in quoted
 * attribute values. All are ASCII, so escaping a value's UTF-8 bytes (read as ISO-8859-1) works too.
 */
public final class HtmlEscaping {
  private HtmlEscaping() {}

  public static String escape(CharSequence text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<':
          escaped.append("&lt;");
          break;
        case '>':
          escaped.append("&gt;");
          break;
        case '&':
          escaped.append("&amp;");
          break;
        case '"':
          escaped.append("&#34;");
          break;
        case '\'':
          escaped.append("&#39;");
          break;
        default:
          escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
