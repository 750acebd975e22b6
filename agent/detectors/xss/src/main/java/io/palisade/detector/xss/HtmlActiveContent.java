package io.palisade.detector.xss;

import java.util.Locale;

/**
 * What in a request value could become markup or script once written into HTML unescaped. A value
 * with none of these is never an XSS finding, wherever it lands: {@code a < b}, {@code <3},
 * {@code O'Brien}, markdown and prose are inert.
 */
public final class HtmlActiveContent {
  /** A tag, end tag, comment or processing instruction opener: {@code <x}, {@code </}, {@code <!}, {@code <?}. */
  public static final int TAG = 1;
  /** A double quote followed by more markup: it can close a double-quoted attribute value. */
  public static final int DOUBLE_QUOTE_BREAKOUT = 1 << 1;
  /** A single quote followed by more markup: it can close a single-quoted attribute value. */
  public static final int SINGLE_QUOTE_BREAKOUT = 1 << 2;
  /** An event-handler attribute, {@code onerror=}. */
  public static final int EVENT_HANDLER = 1 << 3;
  /** A {@code javascript:}, {@code vbscript:} or script-capable {@code data:} URL. */
  public static final int SCRIPT_URL = 1 << 4;
  /** A comment closer ({@code -->}): markup after it leaves an HTML comment. */
  public static final int COMMENT_CLOSE = 1 << 5;

  private HtmlActiveContent() {}

  /** The active content of {@code value} as a set of flags; 0 when the value is inert. */
  public static int of(String value) {
    if (isBareTag(value)) {
      // <b>, </form>, <br/>: no attribute, no content, no script of their own, and the page's own
      // markup is full of them, so a verbatim match proves nothing.
      return 0;
    }
    int flags = scan(value);
    // A comment closer alone is inert; it matters only when markup comes with it.
    return flags == COMMENT_CLOSE ? 0 : flags;
  }

  private static int scan(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    int flags = 0;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c == '<' && i + 1 < length && opensMarkup(value.charAt(i + 1))) {
        flags |= TAG;
      } else if ((c == '"' || c == '\'') && (quoteFollowedByMarkup(value, i + 1) || eventHandlerAfter(value, i + 1))) {
        flags |= c == '"' ? DOUBLE_QUOTE_BREAKOUT : SINGLE_QUOTE_BREAKOUT;
      } else if ((c == 'o' || c == 'O') && (i == 0 || isAttributeSeparator(value.charAt(i - 1))) && eventHandlerAt(value, i)) {
        flags |= EVENT_HANDLER;
      }
    }
    if (value.contains("-->") || value.contains("--!>")) {
      flags |= COMMENT_CLOSE;
    }
    if (isScriptUrl(value)) {
      flags |= SCRIPT_URL;
    }
    return flags;
  }

  static boolean isBareTag(String value) {
    String tag = value.trim();
    if (tag.length() < 3 || tag.charAt(0) != '<' || tag.charAt(tag.length() - 1) != '>') {
      return false;
    }
    int i = tag.charAt(1) == '/' ? 2 : 1;
    int nameStart = i;
    while (i < tag.length() - 1 && (Character.isLetterOrDigit(tag.charAt(i)))) {
      i++;
    }
    if (i == nameStart || !Character.isLetter(tag.charAt(nameStart))) {
      return false;
    }
    while (i < tag.length() - 1 && (tag.charAt(i) == ' ' || tag.charAt(i) == '/')) {
      i++;
    }
    return i == tag.length() - 1;
  }

  private static boolean opensMarkup(char next) {
    return (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '/' || next == '!' || next == '?';
  }

  /** After a quote: optional blanks, then {@code >}, {@code /}, {@code <}, a script separator or {@code name=}. */
  private static boolean quoteFollowedByMarkup(String value, int from) {
    int i = skipBlanks(value, from);
    if (i >= value.length()) {
      return false;
    }
    char c = value.charAt(i);
    if (c == '>' || c == '/' || c == '<' || c == ';' || c == ')' || c == '+' || c == ',' || c == '}' || c == ']') {
      return true;
    }
    int nameStart = i;
    while (i < value.length() && isAttributeNameChar(value.charAt(i))) {
      i++;
    }
    if (i == nameStart) {
      return false;
    }
    i = skipBlanks(value, i);
    return i < value.length() && value.charAt(i) == '=';
  }

  /** Whether an event handler follows {@code from}: {@code ' autofocus onfocus=...} breaks out too. */
  private static boolean eventHandlerAfter(String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c == 'o' || c == 'O') && i > 0 && isAttributeSeparator(value.charAt(i - 1)) && eventHandlerAt(value, i)) {
        return true;
      }
    }
    return false;
  }

  /** {@code on} + at least three letters + optional blanks + {@code =}: {@code onload=}, {@code onmouseover =}. */
  private static boolean eventHandlerAt(String value, int at) {
    if (at + 1 >= value.length() || Character.toLowerCase(value.charAt(at + 1)) != 'n') {
      return false;
    }
    int i = at + 2;
    int letters = 0;
    while (i < value.length() && Character.isLetter(value.charAt(i))) {
      i++;
      letters++;
    }
    if (letters < 3) {
      return false;
    }
    i = skipBlanks(value, i);
    return i < value.length() && value.charAt(i) == '=';
  }

  /**
   * Browsers drop tabs and line breaks inside a URL scheme and ignore leading blanks and control
   * characters, so {@code " java\tscript:"} is a script URL too.
   */
  static boolean isScriptUrl(String value) {
    StringBuilder scheme = new StringBuilder(16);
    for (int i = 0; i < value.length() && scheme.length() < 40; i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '\u00a0') {
        continue;
      }
      scheme.append(Character.toLowerCase(c));
    }
    String normalized = scheme.toString();
    if (normalized.startsWith("javascript:") || normalized.startsWith("vbscript:")) {
      return true;
    }
    if (!normalized.startsWith("data:")) {
      return false;
    }
    String type = normalized.substring(5).toLowerCase(Locale.ROOT);
    return type.startsWith("text/html") || type.startsWith("image/svg") || type.startsWith("text/xml")
        || type.startsWith("application/xhtml") || type.startsWith("application/xml") || type.startsWith("text/javascript");
  }

  private static boolean isAttributeSeparator(char c) {
    return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '/' || c == ';';
  }

  private static boolean isAttributeNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':';
  }

  private static int skipBlanks(String value, int from) {
    int i = from;
    while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Readable names of the flags, for the audit reason. */
  public static String describe(int flags) {
    StringBuilder text = new StringBuilder();
    append(text, flags, TAG, "a tag");
    append(text, flags, DOUBLE_QUOTE_BREAKOUT | SINGLE_QUOTE_BREAKOUT, "a quote that closes an attribute");
    append(text, flags, EVENT_HANDLER, "an event-handler attribute");
    append(text, flags, SCRIPT_URL, "a script URL");
    return text.toString();
  }

  private static void append(StringBuilder text, int flags, int flag, String name) {
    if ((flags & flag) != 0) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(name);
    }
  }
}
