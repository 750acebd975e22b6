package io.palisade.detector.xss;

/**
 * A small HTML tokenizer that follows the output character by character and says where the next
 * character lands: text, inside a tag, inside a quoted attribute value, in a comment, or in the raw
 * text of a {@code <script>} or {@code <style>} element. Enough to tell an active reflection from
 * an inert one; not a full HTML5 parser (RCDATA elements such as {@code <textarea>} count as text,
 * which errs on the side of a finding).
 */
public final class HtmlContext {
  /** Where a reflected value starts. */
  public enum Where {
    TEXT,
    TAG,
    DOUBLE_QUOTED_ATTRIBUTE,
    SINGLE_QUOTED_ATTRIBUTE,
    COMMENT,
    SCRIPT
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

  private int state = TEXT;
  /** The start tag's name so far (lower case, first 6 letters): script and style switch to raw text. */
  private final StringBuilder tagName = new StringBuilder(6);
  private boolean endTag;
  private String rawTextEnd;
  private int rawTextMatched;
  private int dashes;

  public Where where() {
    switch (state) {
      case TEXT:
        return Where.TEXT;
      case ATTR_DQ:
        return Where.DOUBLE_QUOTED_ATTRIBUTE;
      case ATTR_SQ:
        return Where.SINGLE_QUOTED_ATTRIBUTE;
      case MARKUP_DECLARATION:
      case COMMENT:
      case BOGUS_COMMENT:
        return Where.COMMENT;
      case RAW_TEXT:
        return Where.SCRIPT;
      default:
        return Where.TAG;
    }
  }

  public void advance(CharSequence text, int from, int to) {
    int i = from;
    while (i < to) {
      // Text and quoted values are most of a page: jump to the one character that ends them.
      char stop = state == TEXT ? '<' : state == ATTR_DQ ? '"' : state == ATTR_SQ ? '\'' : 0;
      if (stop != 0) {
        int next = indexOf(text, stop, i);
        if (next < 0 || next >= to) {
          return;
        }
        i = next;
      }
      advance(text.charAt(i));
      i++;
    }
  }

  private static int indexOf(CharSequence text, char c, int from) {
    if (text instanceof String) {
      return ((String) text).indexOf(c, from);
    }
    if (text instanceof StringBuilder) {
      return ((StringBuilder) text).indexOf(String.valueOf(c), from);
    }
    for (int i = from; i < text.length(); i++) {
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
        } else if (tagName.length() < 6) {
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
        } else if (c == '"') {
          state = ATTR_DQ;
        } else if (c == '\'') {
          state = ATTR_SQ;
        }
        break;
      case ATTR_DQ:
        if (c == '"') {
          state = IN_TAG;
        }
        break;
      case ATTR_SQ:
        if (c == '\'') {
          state = IN_TAG;
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

  private void endOfTag() {
    String name = tagName.toString();
    if (!endTag && (name.equals("script") || name.equals("style"))) {
      rawTextEnd = "</" + name;
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
