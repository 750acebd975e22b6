package io.palisade.detector.xss;

/**
 * A request value with HTML-active content, as the matcher looks for it in the output. {@code text}
 * is the value as it appears in the output (for a byte stream, its encoded bytes as ISO-8859-1
 * characters); {@code index} points back to the request input it came from.
 */
public final class ActiveValue {
  private final int index;
  private final String text;
  private final int flags;

  public ActiveValue(int index, String text, int flags) {
    this.index = index;
    this.text = text;
    this.flags = flags;
  }

  public int index() {
    return index;
  }

  public String text() {
    return text;
  }

  /** {@link HtmlActiveContent} flags of the value. */
  public int flags() {
    return flags;
  }
}
