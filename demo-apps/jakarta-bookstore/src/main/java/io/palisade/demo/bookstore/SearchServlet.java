package io.palisade.demo.bookstore;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Full-text-ish search over titles and descriptions. */
final class SearchServlet extends HttpServlet {
  private final Database db;

  SearchServlet(Database db) {
    this.db = db;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String q = req.getParameter("q");
    if (q == null) {
      q = "";
    }
    try {
      List<Map<String, Object>> books;
      if ("/safe/search".equals(req.getServletPath())) {
        String pattern = "%" + q + "%";
        books = db.queryPrepared("SELECT id, title FROM bookstore_books WHERE title LIKE ? OR description LIKE ?"
            + " ORDER BY id", List.of(pattern, pattern), "id", "title");
      } else {
        // VULNERABLE: string context.
        books = db.queryConcatenated("SELECT id, title FROM bookstore_books WHERE title LIKE '%" + q
            + "%' OR description LIKE '%" + q + "%' ORDER BY id", "id", "title");
      }
      Json.write(resp, 200, Json.map("query", q, "books", books));
    } catch (SQLException e) {
      Json.databaseError(resp, e);
    }
  }
}
