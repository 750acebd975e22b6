package io.palisade.detector.xss;

/**
 * A small HTML tokenizer that follows the output character by character and says where the next
 * character lands: text, inside a tag, inside a quoted attribute value (an event handler's apart, whose
 * value is JavaScript), in a comment, in the raw text of a {@code <script>} or {@code <style>}
 * element, or in the RCDATA of a {@code <textarea>} or {@code <title>} (text where only the element's
 * own end tag means anything). Enough to tell an active reflection from an inert one; not a full HTML5
 * parser.
 */
public final class HtmlContext {
  /** Where a reflected value starts. */
  public enum Where {
    TEXT,
    TAG,
    DOUBLE_QUOTED_ATTRIBUTE,
    SINGLE_QUOTED_ATTRIBUTE,
    COMMENT,
    SCRIPT,
    /** The text of a {@code <textarea>} or {@code <title>}: only its end tag gets out. */
    RCDATA,
    /** A quoted {@code on...=} attribute value: JavaScript, where a quote ends a string. */
    EVENT_HANDLER_VALUE
  }

  private static final int TEXT = 0;
  private static final int LESS_THAN = 1;
  private static final int TAG_NAME = 2;
  private static final int IN_TAG = 3;
  private static final int ATTR_DQ = 4;
  private static final int ATTR_SQ = 5;
  private static final int MARKUP_DECLARATION = 6;
  private static final int COMMENT = 7;
  private static final int BOGUS_COMMENT = 8;
  private static final int RAW_TEXT = 9;
  private static final int END_TAG = 10;

  /** Inside a tag, between attributes: where in the attribute the tokenizer is. */
  private static final int BEFORE_NAME = 0;
  private static final int NAME = 1;
  private static final int AFTER_NAME = 2;
  private static final int AFTER_EQUALS = 3;
  private static final int UNQUOTED_VALUE = 4;

  /** Longer names are none of the elements that matter here. */
  private static final int TAG_NAME_LIMIT = 9;

  private int state = TEXT;
  /** The start tag's name so far (lower case, at most 9 letters): script, style, textarea, title switch. */
  private final char[] tagName = new char[TAG_NAME_LIMIT];
  private int tagNameLength;
  private boolean endTag;
  private String rawTextEnd;
  private boolean rcdata;
  private int rawTextMatched;
  private int dashes;
  private int attribute = BEFORE_NAME;
  /**
   * Length of the current attribute's name, and whether it is {@code on} + letters so far; a handler
   * has three letters or more after {@code on} (oncut, onload; not "one").
   */
  private int attributeNameLength;
  private boolean handlerName;
  /** The quoted value being followed belongs to an event handler. */
  private boolean handlerValue;

  public Where where() {
    switch (state) {
      case TEXT:
        return Where.TEXT;
      case ATTR_DQ:
        return handlerValue ? Where.EVENT_HANDLER_VALUE : Where.DOUBLE_QUOTED_ATTRIBUTE;
      case ATTR_SQ:
        return handlerValue ? Where.EVENT_HANDLER_VALUE : Where.SINGLE_QUOTED_ATTRIBUTE;
      case MARKUP_DECLARATION:
      case COMMENT:
      case BOGUS_COMMENT:
        return Where.COMMENT;
      case RAW_TEXT:
        return rcdata ? Where.RCDATA : Where.SCRIPT;
      default:
        return Where.TAG;
    }
  }

  /** In {@link Where#RCDATA} or {@link Where#SCRIPT}: the end tag that leaves it ({@code </textarea}), else null. */
  public String rawTextEnd() {
    return state == RAW_TEXT ? rawTextEnd : null;
  }

  /**
   * Follows {@code text[from..to)}, as {@link #advance(char)} would character by character. Most
   * of a page is runs the state cannot leave but at one character (text until {@code <}, a quoted
   * value until its quote, a comment until {@code -}, a script until {@code <}, an end tag until
   * {@code >}): those runs are skipped with a plain array search, and tag and attribute names are
   * read in loops of their own. Only the rest of the markup goes one character at a time.
   */
  public void advance(char[] text, int from, int to) {
    int i = from;
    while (i < to) {
      switch (state) {
        case TEXT:
          i = indexOf(text, '<', i, to);
          if (i < to) {
            state = LESS_THAN;
            i++;
          }
          break;
        case TAG_NAME:
          i = tagNameRun(text, i, to);
          break;
        case IN_TAG:
          if (attribute == NAME) {
            i = attributeNameRun(text, i, to);
          }
          if (i < to) {
            inTag(text[i++]);
          }
          break;
        case ATTR_DQ:
        case ATTR_SQ:
          i = indexOf(text, state == ATTR_DQ ? '"' : '\'', i, to);
          if (i < to) {
            endOfValue();
            i++;
          }
          break;
        case END_TAG:
        case BOGUS_COMMENT:
          i = indexOf(text, '>', i, to);
          if (i < to) {
            state = TEXT;
            i++;
          }
          break;
        default:
          i = skipRun(text, i, to);
          if (i < to) {
            advance(text[i++]);
          }
      }
    }
  }

  /** In a comment or a script: past the characters that cannot change the state. */
  private int skipRun(char[] text, int i, int to) {
    if (state == COMMENT && dashes == 0) {
      return indexOf(text, '-', i, to);
    }
    if (state == RAW_TEXT && rawTextMatched == 0) {
      return indexOf(text, '<', i, to);
    }
    return i;
  }

  /** The first {@code c} in {@code text[from..to)}, or {@code to}. */
  private static int indexOf(char[] text, char c, int from, int to) {
    int i = from;
    while (i < to && text[i] != c) {
      i++;
    }
    return i;
  }

  /** The characters of a tag name and the one that ends it: as {@link #tagNameCharacter} one by one. */
  private int tagNameRun(char[] text, int i, int to) {
    for (; i < to; i++) {
      char c = text[i];
      if (c == '>' || c == '/' || isWhitespace(c)) {
        tagNameCharacter(c);
        return i + 1;
      }
      if (tagNameLength < TAG_NAME_LIMIT) {
        tagName[tagNameLength++] = lowerCase(c);
      }
    }
    return i;
  }

  /** Where the attribute name at {@code i} ends; its characters count as {@link #nameCharacter} would. */
  private int attributeNameRun(char[] text, int i, int to) {
    for (; i < to; i++) {
      char c = text[i];
      if (endsAttributeName(c)) {
        return i;
      }
      nameCharacter(c);
    }
    return i;
  }

  /**
   * As {@link #advance(char[], int, int)}, for a byte stream's page: one ISO-8859-1 character per
   * byte. Every character that matters to the tokenizer is ASCII, the same single byte in every
   * charset a stream is checked in. (The same loop as for characters: Java has no way to share it
   * between the two array types without a call per character.)
   */
  public void advance(byte[] text, int from, int to) {
    int i = from;
    while (i < to) {
      switch (state) {
        case TEXT:
          i = indexOf(text, '<', i, to);
          if (i < to) {
            state = LESS_THAN;
            i++;
          }
          break;
        case TAG_NAME:
          i = tagNameRun(text, i, to);
          break;
        case IN_TAG:
          if (attribute == NAME) {
            i = attributeNameRun(text, i, to);
          }
          if (i < to) {
            inTag((char) (text[i++] & 0xff));
          }
          break;
        case ATTR_DQ:
        case ATTR_SQ:
          i = indexOf(text, state == ATTR_DQ ? '"' : '\'', i, to);
          if (i < to) {
            endOfValue();
            i++;
          }
          break;
        case END_TAG:
        case BOGUS_COMMENT:
          i = indexOf(text, '>', i, to);
          if (i < to) {
            state = TEXT;
            i++;
          }
          break;
        default:
          i = skipRun(text, i, to);
          if (i < to) {
            advance((char) (text[i++] & 0xff));
          }
      }
    }
  }

  private int skipRun(byte[] text, int i, int to) {
    if (state == COMMENT && dashes == 0) {
      return indexOf(text, '-', i, to);
    }
    if (state == RAW_TEXT && rawTextMatched == 0) {
      return indexOf(text, '<', i, to);
    }
    return i;
  }

  /** The first byte {@code c} (ASCII) in {@code text[from..to)}, or {@code to}. */
  private static int indexOf(byte[] text, char c, int from, int to) {
    byte b = (byte) c;
    int i = from;
    while (i < to && text[i] != b) {
      i++;
    }
    return i;
  }

  private int tagNameRun(byte[] text, int i, int to) {
    for (; i < to; i++) {
      char c = (char) (text[i] & 0xff);
      if (c == '>' || c == '/' || isWhitespace(c)) {
        tagNameCharacter(c);
        return i + 1;
      }
      if (tagNameLength < TAG_NAME_LIMIT) {
        tagName[tagNameLength++] = lowerCase(c);
      }
    }
    return i;
  }

  private int attributeNameRun(byte[] text, int i, int to) {
    for (; i < to; i++) {
      char c = (char) (text[i] & 0xff);
      if (endsAttributeName(c)) {
        return i;
      }
      nameCharacter(c);
    }
    return i;
  }

  /** In an attribute name: the characters {@link #inTag} and {@link #attribute} do more with than count. */
  private static boolean endsAttributeName(char c) {
    return c == '=' || c == '>' || c == '"' || c == '\'' || c == '/' || isWhitespace(c);
  }

  /**
   * One character. Kept to a dispatch over small per-state steps, so that the JIT inlines the
   * frequent ones into the loop above instead of calling one large method per markup character.
   */
  void advance(char c) {
    switch (state) {
      case TEXT:
        if (c == '<') {
          state = LESS_THAN;
        }
        break;
      case LESS_THAN:
        afterLessThan(c);
        break;
      case TAG_NAME:
        tagNameCharacter(c);
        break;
      case IN_TAG:
        inTag(c);
        break;
      case ATTR_DQ:
        if (c == '"') {
          endOfValue();
        }
        break;
      case ATTR_SQ:
        if (c == '\'') {
          endOfValue();
        }
        break;
      case END_TAG:
      case BOGUS_COMMENT:
        if (c == '>') {
          state = TEXT;
        }
        break;
      case MARKUP_DECLARATION:
        markupDeclaration(c);
        break;
      case COMMENT:
        comment(c);
        break;
      case RAW_TEXT:
        rawText(c);
        break;
      default:
        state = TEXT;
    }
  }

  private void afterLessThan(char c) {
    if (isLetter(c)) {
      tagName[0] = lowerCase(c);
      tagNameLength = 1;
      endTag = false;
      state = TAG_NAME;
    } else if (c == '/') {
      tagNameLength = 0;
      endTag = true;
      state = END_TAG;
    } else if (c == '!') {
      dashes = 0;
      state = MARKUP_DECLARATION;
    } else if (c == '?') {
      state = BOGUS_COMMENT;
    } else {
      state = c == '<' ? LESS_THAN : TEXT;
    }
  }

  private void tagNameCharacter(char c) {
    if (c == '>') {
      endOfTag();
    } else if (isWhitespace(c) || c == '/') {
      state = IN_TAG;
      attribute = BEFORE_NAME;
    } else if (tagNameLength < TAG_NAME_LIMIT) {
      tagName[tagNameLength++] = lowerCase(c);
    }
  }

  private void inTag(char c) {
    if (c == '>') {
      endOfTag();
    } else if (c == '"' || c == '\'') {
      handlerValue = attribute == AFTER_EQUALS && handlerName && attributeNameLength > 4;
      state = c == '"' ? ATTR_DQ : ATTR_SQ;
    } else {
      attribute(c);
    }
  }

  private void endOfValue() {
    state = IN_TAG;
    attribute = BEFORE_NAME;
  }

  private void markupDeclaration(char c) {
    if (c == '-' && ++dashes == 2) {
      dashes = 0;
      state = COMMENT;
    } else if (c == '>') {
      state = TEXT;
    } else if (c != '-') {
      state = BOGUS_COMMENT;
    }
  }

  private void comment(char c) {
    if (c == '-') {
      dashes++;
    } else if (c == '>' && dashes >= 2) {
      state = TEXT;
    } else {
      dashes = 0;
    }
  }

  private void rawText(char c) {
    if (lowerCase(c) == rawTextEnd.charAt(rawTextMatched)) {
      if (++rawTextMatched == rawTextEnd.length()) {
        tagNameLength = 0;
        endTag = true;
        state = END_TAG;
      }
    } else {
      rawTextMatched = c == '<' ? 1 : 0;
    }
  }

  /** Follows an attribute inside a tag, far enough to know whether its value is an event handler's. */
  private void attribute(char c) {
    boolean blank = isWhitespace(c);
    switch (attribute) {
      case NAME:
        if (blank) {
          attribute = AFTER_NAME;
        } else if (c == '=') {
          attribute = AFTER_EQUALS;
        } else if (c == '/') {
          attribute = BEFORE_NAME;
        } else {
          nameCharacter(c);
        }
        break;
      case AFTER_NAME:
        if (c == '=') {
          attribute = AFTER_EQUALS;
        } else if (!blank) {
          startName(c);
        }
        break;
      case AFTER_EQUALS:
        if (!blank) {
          attribute = UNQUOTED_VALUE;
        }
        break;
      case UNQUOTED_VALUE:
        if (blank) {
          attribute = BEFORE_NAME;
        }
        break;
      default:
        if (!blank && c != '/') {
          startName(c);
        }
    }
  }

  private void startName(char c) {
    attribute = NAME;
    attributeNameLength = 0;
    handlerName = true;
    nameCharacter(c);
  }

  /** {@code on} followed by at least one letter: onclick, onerror, onfocus... */
  private void nameCharacter(char c) {
    char lower = lowerCase(c);
    if (attributeNameLength == 0) {
      handlerName = lower == 'o';
    } else if (attributeNameLength == 1) {
      handlerName &= lower == 'n';
    } else {
      handlerName &= isLetter(c);
    }
    attributeNameLength++;
  }

  private void endOfTag() {
    String end = endTag ? null : rawTextEndOf(tagName, tagNameLength);
    if (end != null) {
      rawTextEnd = end;
      rcdata = end.equals(TEXTAREA_END) || end.equals(TITLE_END);
      rawTextMatched = 0;
      state = RAW_TEXT;
    } else {
      state = TEXT;
    }
  }

  private static final String SCRIPT_END = "</script";
  private static final String STYLE_END = "</style";
  private static final String TEXTAREA_END = "</textarea";
  private static final String TITLE_END = "</title";
  private static final String[] RAW_TEXT_ENDS = {SCRIPT_END, STYLE_END, TEXTAREA_END, TITLE_END};

  /** The end tag of a raw text or RCDATA element with this (lower-case) name, else null; allocates nothing. */
  private static String rawTextEndOf(char[] name, int length) {
    if (length < 5 || (name[0] != 's' && name[0] != 't')) {
      return null; // most tags: too short, or not an s or t
    }
    for (String end : RAW_TEXT_ENDS) {
      if (isName(name, length, end)) {
        return end;
      }
    }
    return null;
  }

  /** Whether {@code name[0..length)} is {@code end} without its leading {@code </}. */
  private static boolean isName(char[] name, int length, String end) {
    if (length != end.length() - 2) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (name[i] != end.charAt(i + 2)) {
        return false;
      }
    }
    return true;
  }

  /** {@link Character#toLowerCase(char)}, without its table look-up for ASCII. */
  static char lowerCase(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(c);
  }

  /** {@link Character#isWhitespace(char)}, without its table look-up for ASCII. */
  static boolean isWhitespace(char c) {
    if (c < 128) {
      return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f');
    }
    return Character.isWhitespace(c);
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
