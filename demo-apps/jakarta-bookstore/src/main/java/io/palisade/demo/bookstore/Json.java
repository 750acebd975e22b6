package io.palisade.demo.bookstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON responses, written with the application's own (old) Jackson. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static void write(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter().write(MAPPER.writeValueAsString(body));
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static void badRequest(HttpServletResponse resp, String message) throws IOException {
    write(resp, 400, map("error", "bad_request", "message", message));
  }

  /** What a careless application does with a database error: a 500 that names the exception. */
  static void databaseError(HttpServletResponse resp, SQLException e) throws IOException {
    write(resp, 500, map("error", "database_error", "sql_state", e.getSQLState()));
  }
}
