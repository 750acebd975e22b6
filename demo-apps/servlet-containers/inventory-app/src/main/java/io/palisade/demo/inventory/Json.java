package io.palisade.demo.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** JSON in and out, with the app's own Jackson. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static void write(HttpServletResponse response, int status, Object body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static void items(HttpServletResponse response, List<Map<String, Object>> items) throws IOException {
    write(response, 200, Map.of("items", items));
  }

  static void badRequest(HttpServletResponse response, String message) throws IOException {
    write(response, 400, ordered("error", "bad_request", "message", message));
  }

  /** A map that keeps its keys in order, so the same answer is byte-for-byte the same on every run. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static JsonNode parse(byte[] body) throws IOException {
    return MAPPER.readTree(body);
  }

  static JsonNode parse(java.io.Reader body) throws IOException {
    return MAPPER.readTree(body);
  }
}
