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
  private final StringBuilder tagName = new StringBuilder(TAG_NAME_LIMIT);
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

  public void advance(CharSequence text, int from, int to) {
    int i = from;
    while (i < to) {
      // Text and quoted values are most of a page: jump to the one character that ends them.
      char stop = state == TEXT ? '<' : state == ATTR_DQ ? '"' : state == ATTR_SQ ? '\'' : 0;
      if (stop != 0) {
        int next = indexOf(text, stop, i, to);
        if (next < 0 || next >= to) {
          return;
        }
        i = next;
      }
      advance(text.charAt(i));
      i++;
    }
  }

  /** The first {@code c} in {@code text} from {@code from} up to {@code to}, or -1; allocates nothing. */
  private static int indexOf(CharSequence text, char c, int from, int to) {
    if (text instanceof String) {
      int at = ((String) text).indexOf(c, from);
      return at < to ? at : -1;
    }
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  void advance(char c) {
    switch (state) {
      case TEXT:
        if (c == '<') {
          state = LESS_THAN;
        }
        break;
      case LESS_THAN:
        if (isLetter(c)) {
          tagName.setLength(0);
          tagName.append(Character.toLowerCase(c));
          endTag = false;
          state = TAG_NAME;
        } else if (c == '/') {
          tagName.setLength(0);
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
        break;
      case TAG_NAME:
        if (c == '>') {
          endOfTag();
        } else if (Character.isWhitespace(c) || c == '/') {
          state = IN_TAG;
          attribute = BEFORE_NAME;
        } else if (tagName.length() < TAG_NAME_LIMIT) {
          tagName.append(Character.toLowerCase(c));
        }
        break;
      case END_TAG:
        if (c == '>') {
          state = TEXT;
        }
        break;
      case IN_TAG:
        if (c == '>') {
          endOfTag();
        } else if (c == '"' || c == '\'') {
          handlerValue = attribute == AFTER_EQUALS && handlerName && attributeNameLength > 4;
          state = c == '"' ? ATTR_DQ : ATTR_SQ;
        } else {
          attribute(c);
        }
        break;
      case ATTR_DQ:
        if (c == '"') {
          state = IN_TAG;
          attribute = BEFORE_NAME;
        }
        break;
      case ATTR_SQ:
        if (c == '\'') {
          state = IN_TAG;
          attribute = BEFORE_NAME;
        }
        break;
      case MARKUP_DECLARATION:
        if (c == '-' && ++dashes == 2) {
          dashes = 0;
          state = COMMENT;
        } else if (c == '>') {
          state = TEXT;
        } else if (c != '-') {
          state = BOGUS_COMMENT;
        }
        break;
      case COMMENT:
        if (c == '-') {
          dashes++;
        } else if (c == '>' && dashes >= 2) {
          state = TEXT;
        } else {
          dashes = 0;
        }
        break;
      case BOGUS_COMMENT:
        if (c == '>') {
          state = TEXT;
        }
        break;
      case RAW_TEXT:
        if (Character.toLowerCase(c) == rawTextEnd.charAt(rawTextMatched)) {
          if (++rawTextMatched == rawTextEnd.length()) {
            tagName.setLength(0);
            endTag = true;
            state = END_TAG;
          }
        } else {
          rawTextMatched = c == '<' ? 1 : 0;
        }
        break;
      default:
        state = TEXT;
    }
  }

  /** Follows an attribute inside a tag, far enough to know whether its value is an event handler's. */
  private void attribute(char c) {
    boolean blank = Character.isWhitespace(c);
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
    char lower = Character.toLowerCase(c);
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
    String name = tagName.toString();
    boolean raw = name.equals("script") || name.equals("style");
    boolean escapable = name.equals("textarea") || name.equals("title");
    if (!endTag && (raw || escapable)) {
      rawTextEnd = "</" + name;
      rcdata = escapable;
      rawTextMatched = 0;
      state = RAW_TEXT;
    } else {
      state = TEXT;
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
