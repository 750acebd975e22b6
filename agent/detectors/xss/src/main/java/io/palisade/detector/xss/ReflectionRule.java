package io.palisade.detector.xss;

/**
 * Whether a value with the given active content, written verbatim where the output's HTML context is
 * {@code where}, becomes markup or script: the heart of the XSS evidence rule.
 */
public final class ReflectionRule {
  private ReflectionRule() {}

  /** A short reason when the reflection is active, null when it is inert in this context. */
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
