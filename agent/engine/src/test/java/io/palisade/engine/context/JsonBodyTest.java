package io.palisade.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body scanner against Jackson's streaming parser, which Palisade used before: for every document
 * (well-formed, cut short, malformed part-way), the same inputs with the same pointers, in the same order.
 */
class JsonBodyTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"filter\":{\"title\":\"Gethen\",\"max_price\":2000},\"page\":{\"size\":10,\"number\":0},"
          + "\"tags\":[\"classic\",\"science fiction\"],\"client\":{\"locale\":\"en-GB\",\"version\":\"4.2.1\"}}",
      "[1,2,[3,[4,\"4\"]],{\"a\":[]},{},[],true,false,null,-0.5e+10,1E3,\"x\"]",
      "{\"q\":\"it\\u0027s \\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\ud83d\\ude00 caf\\u00e9\"}",
      "{\"a/b\":{\"c~d\":\"e\"},\"\":\"empty key\",\"dup\":1,\"dup\":1}",
      "  \n\t{ \"spaced\" :  [ 1 , 2 ]  }  ",
      "\"a lone string\"",
      "42",
      "{\"a\":1} {\"b\":2}",
      "{\"cut\":\"x\",\"list\":[1,2,\"th",
      "{\"cut\":\"x\",\"n\":12",
      "{\"x\":\"y\",}",
      "{\"x\":\"raw\ttab\",\"after\":\"never\"}",
      "{'single':'quotes'}",
      "[\"a\",\"b\"]]",
      "{\"deep\":[[[[[[[[[[\"leaf\"]]]]]]]]]]}",
      "{\"t\":true,\"f\":false,\"z\":null,\"after\":\"yes\"}",
      "",
      "   ",
      "\uFEFF{\"bom\":\"yes\"}",
  })
  void findsWhatJacksonFinds(String json) throws IOException {
    assertThat(scanned(json)).isEqualTo(jackson(json));
  }

  /**
   * A malformed value ends the scan, keeping its key: Jackson reads a key together with the start of
   * its value, so it lost the key as well.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"bad\":01,\"after\":\"never\"}",
      "{\"bad\":tru,\"after\":\"never\"}",
      "{\"bad\":truex,\"after\":\"never\"}",
      "{\"bad\":NaN,\"after\":\"never\"}",
      "{\"bad\":-,\"after\":\"never\"}",
      "{\"bad\":1.,\"after\":\"never\"}",
      "{\"bad\":1.5e,\"after\":\"never\"}",
  })
  void stopsAtAMalformedValueKeepingItsKey(String json) {
    assertThat(scanned(json)).containsExactly("body name '/bad'=bad");
  }

  private static List<String> scanned(String json) {
    RequestContext.InputCollector collector = new RequestContext.InputCollector();
    JsonBody.collect(json, collector);
    return collector.inputs().stream().map(RequestInput::toString).collect(Collectors.toList());
  }

  /** What Palisade's Jackson-based capture gave: keys and scalar leaves, first occurrence of each value. */
  private static List<String> jackson(String json) {
    List<String> found = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> path = new ArrayDeque<>();
    Deque<int[]> indexes = new ArrayDeque<>();
    int[] inObject = new int[0];
    String text = !json.isEmpty() && json.charAt(0) == '\uFEFF' ? json.substring(1) : json;
    try (JsonParser parser = new JsonFactory().createParser(text)) {
      JsonToken token;
      String key = null;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case FIELD_NAME:
            key = parser.getCurrentName();
            if (seen.add(key) && !key.isEmpty()) {
              found.add("body name '" + pointer(path, escape(key)) + "'=" + key);
            }
            continue;
          case START_OBJECT:
          case START_ARRAY:
            path.addLast(segment(key, indexes, inObject));
            indexes.addLast(token == JsonToken.START_ARRAY ? new int[] {0} : inObject);
            break;
          case END_OBJECT:
          case END_ARRAY:
            path.pollLast();
            indexes.pollLast();
            break;
          case VALUE_STRING:
          case VALUE_NUMBER_INT:
          case VALUE_NUMBER_FLOAT:
            String name = pointer(path, segment(key, indexes, inObject));
            String value = parser.getText();
            if (!value.isEmpty() && seen.add(value)) {
              found.add("body '" + name + "'=" + value);
            }
            break;
          default:
            segment(key, indexes, inObject);
            break;
        }
        key = null;
      }
    } catch (IOException | RuntimeException stop) {
      // what was read before
    }
    return found;
  }

  private static String segment(String key, Deque<int[]> indexes, int[] inObject) {
    if (key != null) {
      return escape(key);
    }
    int[] index = indexes.peekLast();
    return index != null && index != inObject ? Integer.toString(index[0]++) : "";
  }

  private static String pointer(Deque<String> path, String last) {
    StringBuilder pointer = new StringBuilder();
    boolean first = true;
    for (String segment : path) {
      if (first) {
        first = false;
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
