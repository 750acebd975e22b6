package io.palisade.demo.bookstore;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Author look-up by exact name. The application escapes the value itself by doubling single quotes,
 * which is correct in a standard SQL string literal: {@code O'Brien} becomes {@code 'O''Brien'}.
 */
final class AuthorsServlet extends HttpServlet {
  private final Database db;

  AuthorsServlet(Database db) {
    this.db = db;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String name = req.getParameter("name");
    if (name == null || name.isEmpty()) {
      Json.badRequest(resp, "name is required");
      return;
    }
    String escaped = name.replace("'", "''");
    try {
      List<Map<String, Object>> authors = db.queryConcatenated(
          "SELECT id, name FROM bookstore_authors WHERE name = '" + escaped + "' ORDER BY id", "id", "name");
      Json.write(resp, 200, Json.map("authors", authors));
    } catch (SQLException e) {
      Json.databaseError(resp, e);
    }
  }
}
