package io.palisade.engine.context;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * JSON bodies: every scalar leaf at any depth, named by its JSON pointer ({@code /order/items/0/sku}),
 * and every object key (a payload can hide in a key as well as in a value).
 *
 * <p>A body is read at the first sink check of every request that carries one, so this is a scanner
 * of its own rather than a general parser: it allocates only the strings it keeps, a value seen before
 * (every item of an array repeats the same keys) is skipped before anything is built for it, and a new
 * value's pointer is kept as a link to its container's, turned into text only when a finding names the
 * input. It accepts strict JSON (RFC 8259) and stops at the first thing that is not, keeping what it
 * read before: a body cut by the size limit still yields its start. Numbers are kept as written.
 */
final class JsonBody {
  /** Deeper nesting is not JSON an application expects: stop there, as a parser's limit would. */
  static final int MAX_DEPTH = 1_000;

  private final String text;
  private final RequestContext.InputCollector collector;
  private final Deque<Pointer> containers = new ArrayDeque<>();
  private int at;
  private int values;

  private JsonBody(String text, RequestContext.InputCollector collector) {
    this.text = text;
    this.collector = collector;
  }

  static void collect(String text, RequestContext.InputCollector collector) {
    JsonBody body = new JsonBody(text, collector);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      body.at = 1; // a byte-order mark decoded with the text
    }
    try {
      body.scan();
    } catch (NotJson | RuntimeException stop) {
      // keep what was read before: a body cut at the size limit, or one that is not (all) JSON
    }
  }

  /** Reads values until the text ends or {@link BodyInputs#MAX_VALUES} is reached. */
  private void scan() throws NotJson {
    String key = null; // the key of the value about to be read, inside an object
    while (values < BodyInputs.MAX_VALUES) {
      Pointer container = containers.peekLast();
      if (container == null && !skipWhitespaceUntilMore()) {
        return; // the document (or a sequence of them) is complete
      }
      char c = nextSignificant();
      if (c == '{' || c == '[') {
        if (containers.size() >= MAX_DEPTH) {
          throw NotJson.INSTANCE;
        }
        Pointer opened = container == null ? Pointer.ROOT : Pointer.child(container, key);
        key = null;
        if (c == '[') {
          containers.addLast(opened.asArray());
          if (!consumeIf(']')) {
            continue; // the first element follows
          }
          containers.pollLast();
        } else {
          containers.addLast(opened);
          if (!consumeIf('}')) {
            key = readKey(opened);
            continue;
          }
          containers.pollLast();
        }
      } else if (c == '"') {
        leaf(container, key, readString());
      } else if (c == '-' || c >= '0' && c <= '9') {
        leaf(container, key, readNumber(at - 1));
      } else if (c == 't' && consumeWord("rue") || c == 'f' && consumeWord("alse") || c == 'n' && consumeWord("ull")) {
        // true, false, null: nothing an attacker can shape (an array element still takes its index)
        if (key == null && container != null) {
          container.nextIndex();
        }
      } else {
        throw NotJson.INSTANCE;
      }
      key = afterValue();
    }
  }

  /**
   * After a value: closes the containers that end here and returns the key of the next value in an
   * object (null in an array, or when the document is complete).
   */
  private String afterValue() throws NotJson {
    while (!containers.isEmpty()) {
      Pointer container = containers.peekLast();
      char c = nextSignificant();
      if (c == ',') {
        return container.isArray() ? null : readKey(container);
      }
      if (c != (container.isArray() ? ']' : '}')) {
        throw NotJson.INSTANCE;
      }
      containers.pollLast();
    }
    return null;
  }

  private void leaf(Pointer container, String key, String value) {
    if (collector.isNew(value)) {
      collector.addNew(RequestInput.Source.BODY, Pointer.child(container, key), value, RequestInput.Part.VALUE);
    } else if (key == null && container != null) {
      container.nextIndex(); // a repeated array element still takes its index
    }
    values++;
  }

  /** {@code "key":} inside {@code object}; the key is an input too. */
  private String readKey(Pointer object) throws NotJson {
    if (nextSignificant() != '"') {
      throw NotJson.INSTANCE;
    }
    String key = readString();
    if (nextSignificant() != ':') {
      throw NotJson.INSTANCE;
    }
    if (collector.isNew(key)) {
      collector.addNew(RequestInput.Source.BODY, Pointer.child(object, key), key, RequestInput.Part.NAME);
    }
    values++;
    return key;
  }

  /** A string's content, after its opening quote; escapes decoded. */
  private String readString() throws NotJson {
    int start = at;
    int n = text.length();
    for (int i = start; i < n; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        at = i + 1;
        String seen = collector.seen(text, start, i); // a repeated key or value costs no new string
        return seen != null ? seen : text.substring(start, i);
      }
      if (c == '\\') {
        return readEscapedString(start, i);
      }
      if (c < 0x20) {
        throw NotJson.INSTANCE; // a raw control character: not JSON
      }
    }
    throw NotJson.INSTANCE; // cut inside the string
  }

  private String readEscapedString(int start, int firstEscape) throws NotJson {
    StringBuilder decoded = new StringBuilder(firstEscape - start + 16).append(text, start, firstEscape);
    int n = text.length();
    int i = firstEscape;
    while (i < n) {
      char c = text.charAt(i++);
      if (c == '"') {
        at = i;
        return decoded.toString();
      }
      if (c < 0x20) {
        throw NotJson.INSTANCE;
      }
      if (c != '\\') {
        decoded.append(c);
        continue;
      }
      if (i >= n) {
        break;
      }
      char escape = text.charAt(i++);
      switch (escape) {
        case '"': case '\\': case '/': decoded.append(escape); break;
        case 'b': decoded.append('\b'); break;
        case 'f': decoded.append('\f'); break;
        case 'n': decoded.append('\n'); break;
        case 'r': decoded.append('\r'); break;
        case 't': decoded.append('\t'); break;
        case 'u':
          if (i + 4 > n) {
            throw NotJson.INSTANCE;
          }
          int code = 0;
          for (int k = 0; k < 4; k++) {
            int digit = Character.digit(text.charAt(i++), 16);
            if (digit < 0) {
              throw NotJson.INSTANCE;
            }
            code = code << 4 | digit;
          }
          decoded.append((char) code); // a surrogate pair arrives as two escapes, in order
          break;
        default:
          throw NotJson.INSTANCE;
      }
    }
    throw NotJson.INSTANCE;
  }

  /** A number as written, starting at {@code start}: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private String readNumber(int start) throws NotJson {
    int n = text.length();
    int i = start;
    if (text.charAt(i) == '-') {
      i++;
    }
    if (i < n && text.charAt(i) == '0') {
      i++;
    } else {
      i = digits(i, true);
    }
    if (i < n && text.charAt(i) == '.') {
      i = digits(i + 1, true);
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      i = digits(i, true);
    }
    if (i < n && !isDelimiter(text.charAt(i))) {
      throw NotJson.INSTANCE; // 01, 1x, 1.2.3
    }
    at = i;
    String seen = collector.seen(text, start, i);
    return seen != null ? seen : text.substring(start, i);
  }

  private int digits(int from, boolean required) throws NotJson {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    if (required && i == from) {
      throw NotJson.INSTANCE;
    }
    return i;
  }

  private static boolean isDelimiter(char c) {
    return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** The next character that is not JSON whitespace, consumed; the end of the text ends the scan. */
  private char nextSignificant() throws NotJson {
    if (!skipWhitespaceUntilMore()) {
      throw NotJson.INSTANCE;
    }
    return text.charAt(at++);
  }

  /** Skips whitespace; false when the text ends. */
  private boolean skipWhitespaceUntilMore() {
    int n = text.length();
    while (at < n) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return true;
      }
      at++;
    }
    return false;
  }

  private boolean consumeIf(char expected) {
    if (skipWhitespaceUntilMore() && text.charAt(at) == expected) {
      at++;
      return true;
    }
    return false;
  }

  /** The rest of a literal ({@code rue} of {@code true}), which must end there. */
  private boolean consumeWord(String rest) throws NotJson {
    if (!text.startsWith(rest, at)) {
      return false;
    }
    at += rest.length();
    if (at < text.length() && !isDelimiter(text.charAt(at))) {
      throw NotJson.INSTANCE;
    }
    return true;
  }

  /** Ends the scan; no stack trace, it is not an error of Palisade's. */
  private static final class NotJson extends Exception {
    static final NotJson INSTANCE = new NotJson();

    private NotJson() {
      super("not JSON", null, false, false);
    }
  }

  /**
   * One step of a JSON pointer: an object key or an array index under its container. The root has
   * no step; a top-level scalar is named "/". Containers count their array elements as they come.
   */
  private static final class Pointer implements Supplier<String> {
    static final Pointer ROOT = new Pointer(null, null, -1);

    private final Pointer parent;
    private final String key;
    private final int index;
    /** For an array: the index of the next element; -1 for an object. */
    private int nextElement = -1;

    private Pointer(Pointer parent, String key, int index) {
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    /** The step of the value that starts now under {@code container}: its key, or its array index. */
    static Pointer child(Pointer container, String key) {
      if (container == null) {
        return new Pointer(null, "", -1); // a document that is a single scalar
      }
      if (key != null) {
        return new Pointer(container, key, -1);
      }
      return new Pointer(container, null, container.nextIndex());
    }

    /** The root is shared: an array at the top gets a counting root of its own. */
    Pointer asArray() {
      Pointer array = this == ROOT ? new Pointer(null, null, -1) : this;
      array.nextElement = 0;
      return array;
    }

    boolean isArray() {
      return nextElement >= 0;
    }

    int nextIndex() {
      return nextElement < 0 ? -1 : nextElement++;
    }

    private boolean isRoot() {
      return parent == null && key == null;
    }

    @Override
    public String get() {
      StringBuilder text = new StringBuilder();
      append(text);
      return text.length() == 0 ? "/" : text.toString();
    }

    private void append(StringBuilder text) {
      if (isRoot()) {
        return;
      }
      if (parent != null) {
        parent.append(text);
      }
      text.append('/');
      if (key != null) {
        text.append(key.replace("~", "~0").replace("/", "~1"));
      } else if (index >= 0) {
        text.append(index);
      }
    }
  }
}
