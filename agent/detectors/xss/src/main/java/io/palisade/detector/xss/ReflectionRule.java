package io.palisade.detector.xss;

/**
 * Whether a value with the given active content, written verbatim where the output's HTML context is
 * {@code where}, becomes markup or script: the heart of the XSS evidence rule.
 */
public final class ReflectionRule {
  private ReflectionRule() {}

  /**
   * As {@link #activeReason(int, HtmlContext.Where)}, for {@code value} where {@code context} is now:
   * in a {@code <textarea>} or {@code <title>} only the element's own end tag gets out.
   */
  public static String activeReason(ActiveValue value, HtmlContext context) {
    HtmlContext.Where where = context.where();
    if (where == HtmlContext.Where.RCDATA) {
      return has(value.flags(), HtmlActiveContent.TAG) && closesElement(value.text(), context.rawTextEnd())
          ? "it closes the " + context.rawTextEnd().substring(2) + " element and adds markup"
          : null;
    }
    return activeReason(value.flags(), where);
  }

  /**
   * Whether {@code text} holds {@code endTag} ({@code </textarea}, any case) followed by what ends a
   * tag name: a blank, {@code /} or {@code >}.
   */
  static boolean closesElement(String text, String endTag) {
    int length = endTag.length();
    for (int i = text.indexOf("</"); i >= 0 && i + length <= text.length(); i = text.indexOf("</", i + 1)) {
      if (text.regionMatches(true, i, endTag, 0, length)
          && (i + length == text.length() || isTagNameEnd(text.charAt(i + length)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTagNameEnd(char c) {
    return Character.isWhitespace(c) || c == '/' || c == '>';
  }

  /**
   * A short reason when the reflection is active, null when it is inert in this context. RCDATA
   * needs the value itself: see {@link #activeReason(ActiveValue, HtmlContext)}.
   */
  public static String activeReason(int flags, HtmlContext.Where where) {
    switch (where) {
      case TEXT:
        return has(flags, HtmlActiveContent.TAG) ? "it opens markup in the page's text" : null;
      case TAG:
        if (has(flags, HtmlActiveContent.TAG | HtmlActiveContent.EVENT_HANDLER | HtmlActiveContent.SCRIPT_URL
            | HtmlActiveContent.DOUBLE_QUOTE_BREAKOUT | HtmlActiveContent.SINGLE_QUOTE_BREAKOUT)) {
          return "it adds attributes or markup inside a tag";
        }
        return null;
      case DOUBLE_QUOTED_ATTRIBUTE:
        if (has(flags, HtmlActiveContent.DOUBLE_QUOTE_BREAKOUT)) {
          return "it closes a double-quoted attribute value and adds markup";
        }
        return has(flags, HtmlActiveContent.SCRIPT_URL) ? "it puts a script URL into an attribute value" : null;
      case SINGLE_QUOTED_ATTRIBUTE:
        if (has(flags, HtmlActiveContent.SINGLE_QUOTE_BREAKOUT)) {
          return "it closes a single-quoted attribute value and adds markup";
        }
        return has(flags, HtmlActiveContent.SCRIPT_URL) ? "it puts a script URL into an attribute value" : null;
      case SCRIPT:
        if (has(flags, HtmlActiveContent.TAG)) {
          return "it closes or opens markup inside a script";
        }
        return has(flags, HtmlActiveContent.DOUBLE_QUOTE_BREAKOUT | HtmlActiveContent.SINGLE_QUOTE_BREAKOUT)
            ? "it closes a string inside a script and adds code"
            : null;
      case EVENT_HANDLER_VALUE:
        // JavaScript (after entity decoding): a quote ends the handler's string, or its attribute.
        return has(flags, HtmlActiveContent.DOUBLE_QUOTE_BREAKOUT | HtmlActiveContent.SINGLE_QUOTE_BREAKOUT)
            ? "it closes a string or the attribute of an event handler and adds code"
            : null;
      case COMMENT:
        return has(flags, HtmlActiveContent.COMMENT_CLOSE) && has(flags, HtmlActiveContent.TAG)
            ? "it closes an HTML comment and adds markup"
            : null;
      default:
        return null;
    }
  }

  private static boolean has(int flags, int any) {
    return (flags & any) != 0;
  }
}
