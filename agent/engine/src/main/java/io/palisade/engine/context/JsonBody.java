package io.palisade.engine.context;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * JSON bodies: every scalar leaf at any depth, named by its JSON pointer ({@code /order/items/0/sku}),
 * and every object key (a payload can hide in a key as well as in a value).
 */
final class JsonBody {
  private static final JsonFactory FACTORY = new JsonFactory();
  /** Marks an object level in the index stack (ArrayDeque holds no nulls). */
  private static final int[] IN_OBJECT = new int[0];

  private JsonBody() {}

  static void collect(String text, RequestContext.InputCollector collector) {
    Deque<String> path = new ArrayDeque<>();
    Deque<int[]> arrayIndexes = new ArrayDeque<>();
    int values = 0;
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken token;
      String pendingKey = null;
      while ((token = parser.nextToken()) != null && values < BodyInputs.MAX_VALUES) {
        switch (token) {
          case FIELD_NAME:
            pendingKey = parser.getCurrentName();
            collector.addName(RequestInput.Source.BODY, pointer(path, escape(pendingKey)), pendingKey);
            values++;
            continue;
          case START_OBJECT:
          case START_ARRAY:
            path.addLast(segment(pendingKey, arrayIndexes));
            arrayIndexes.addLast(token == JsonToken.START_ARRAY ? new int[] {0} : IN_OBJECT);
            break;
          case END_OBJECT:
          case END_ARRAY:
            path.pollLast();
            arrayIndexes.pollLast();
            break;
          case VALUE_STRING:
          case VALUE_NUMBER_INT:
          case VALUE_NUMBER_FLOAT:
            String name = pointer(path, segment(pendingKey, arrayIndexes));
            collector.add(RequestInput.Source.BODY, name, parser.getText());
            values++;
            break;
          default:
            // true, false, null: nothing an attacker can shape
            segment(pendingKey, arrayIndexes);
            break;
        }
        pendingKey = null;
      }
    } catch (IOException | RuntimeException cutOrMalformed) {
      // keep what was read before the error: a body cut at the size limit still yields its start
    }
  }

  /** The path segment of the value that starts now: its key, or its index in the enclosing array. */
  private static String segment(String key, Deque<int[]> arrayIndexes) {
    if (key != null) {
      return escape(key);
    }
    int[] index = arrayIndexes.peekLast();
    if (index != null && index != IN_OBJECT) {
      return Integer.toString(index[0]++);
    }
    return "";
  }

  private static String pointer(Deque<String> path, String last) {
    StringBuilder pointer = new StringBuilder();
    boolean first = true;
    for (String segment : path) {
      if (first) {
        first = false; // the root container has no name
        continue;
      }
      pointer.append('/').append(segment);
    }
    if (!path.isEmpty()) {
      pointer.append('/').append(last);
    } else {
      pointer.append(last.isEmpty() ? "" : "/" + last);
    }
    return pointer.length() == 0 ? "/" : pointer.toString();
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
