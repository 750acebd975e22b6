package io.palisade.engine.context;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * JSON bodies: every scalar leaf at any depth, named by its JSON pointer ({@code /order/items/0/sku}),
 * and every object key (a payload can hide in a key as well as in a value).
 *
 * <p>A body is read at the first sink check of every request that carries one, so this stays cheap:
 * a value seen before (every item of an array repeats the same keys) is skipped before anything is
 * built for it, and a new value's pointer is kept as a link to its container's, turned into text only
 * when a finding names the input.
 */
final class JsonBody {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonBody() {}

  static void collect(String text, RequestContext.InputCollector collector) {
    Deque<Pointer> containers = new ArrayDeque<>();
    int values = 0;
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken token;
      String pendingKey = null;
      while ((token = parser.nextToken()) != null && values < BodyInputs.MAX_VALUES) {
        Pointer container = containers.peekLast();
        switch (token) {
          case FIELD_NAME:
            pendingKey = parser.getCurrentName();
            if (collector.isNew(pendingKey)) {
              collector.addNew(RequestInput.Source.BODY, Pointer.child(container, pendingKey), pendingKey, RequestInput.Part.NAME);
            }
            values++;
            continue;
          case START_OBJECT:
          case START_ARRAY:
            Pointer opened = container == null ? Pointer.ROOT : Pointer.child(container, pendingKey);
            containers.addLast(token == JsonToken.START_ARRAY ? opened.asArray() : opened);
            break;
          case END_OBJECT:
          case END_ARRAY:
            containers.pollLast();
            break;
          case VALUE_STRING:
          case VALUE_NUMBER_INT:
          case VALUE_NUMBER_FLOAT:
            String value = parser.getText();
            if (collector.isNew(value)) {
              collector.addNew(RequestInput.Source.BODY, Pointer.child(container, pendingKey), value, RequestInput.Part.VALUE);
            } else if (pendingKey == null && container != null) {
              container.nextIndex(); // a repeated array element still takes its index
            }
            values++;
            break;
          default:
            // true, false, null: nothing an attacker can shape (an array element still takes its index)
            if (pendingKey == null && container != null) {
              container.nextIndex();
            }
            break;
        }
        pendingKey = null;
      }
    } catch (IOException | RuntimeException cutOrMalformed) {
      // keep what was read before the error: a body cut at the size limit still yields its start
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
    /** For an array: the index of the next element. */
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
