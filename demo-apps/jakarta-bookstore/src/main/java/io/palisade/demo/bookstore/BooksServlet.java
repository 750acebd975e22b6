package io.palisade.demo.bookstore;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Book look-ups: the vulnerable endpoints concatenate request input into SQL, their twins do not. */
final class BooksServlet extends HttpServlet {
  private static final String BOOK_COLUMNS = "SELECT id, title, author_id, price_cents FROM bookstore_books";
  private static final String[] BOOK_FIELDS = {"id", "title", "author_id", "price_cents"};
  private static final Pattern ID_LIST = Pattern.compile("^[0-9,]+$");
  private static final Set<String> SORTABLE = Set.of("id", "title", "price_cents");

  private final Database db;

  BooksServlet(Database db) {
    this.db = db;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getServletPath();
    try {
      switch (path) {
        case "/books": vulnerableById(req, resp); break;
        case "/safe/books": safeById(req, resp); break;
        case "/books/sorted": vulnerableSorted(req, resp); break;
        case "/safe/books/sorted": safeSorted(req, resp); break;
        case "/books/in": byIdList(req, resp); break;
        case "/books/lenient": lenient(req, resp); break;
        case "/books/retry": retry(req, resp); break;
        case "/books/all": all(resp); break;
        default: Json.write(resp, 404, Json.map("error", "not_found"));
      }
    } catch (SQLException e) {
      Json.databaseError(resp, e);
    }
  }

  /** VULNERABLE: numeric context, {@code WHERE id = <input>}. */
  private void vulnerableById(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String id = required(req, resp, "id");
    if (id == null) {
      return;
    }
    List<Map<String, Object>> books = db.queryConcatenated(BOOK_COLUMNS + " WHERE id = " + id, BOOK_FIELDS);
    Json.write(resp, 200, Json.map("books", books));
  }

  private void safeById(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String id = required(req, resp, "id");
    if (id == null) {
      return;
    }
    long value;
    try {
      value = Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      Json.badRequest(resp, "id must be a number");
      return;
    }
    List<Map<String, Object>> books = db.queryPrepared(BOOK_COLUMNS + " WHERE id = ?", List.of(value), BOOK_FIELDS);
    Json.write(resp, 200, Json.map("books", books));
  }

  /** VULNERABLE: {@code ORDER BY <input>}. */
  private void vulnerableSorted(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String order = req.getParameter("order");
    if (order == null || order.isEmpty()) {
      order = "id";
    }
    List<Map<String, Object>> books = db.queryConcatenated(BOOK_COLUMNS + " ORDER BY " + order, BOOK_FIELDS);
    Json.write(resp, 200, Json.map("books", books));
  }

  /** Safe: the sort column comes from a whitelist, never from the request text itself. */
  private void safeSorted(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String requested = req.getParameter("order");
    String column = "id";
    for (String candidate : SORTABLE) {
      if (candidate.equals(requested)) {
        column = candidate;
      }
    }
    List<Map<String, Object>> books = db.queryConcatenated(BOOK_COLUMNS + " ORDER BY " + column, BOOK_FIELDS);
    Json.write(resp, 200, Json.map("books", books, "order", column));
  }

  /** Benign concatenation: the input is validated as digits and commas first. */
  private void byIdList(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String ids = required(req, resp, "ids");
    if (ids == null) {
      return;
    }
    if (!ID_LIST.matcher(ids).matches()) {
      Json.badRequest(resp, "ids must be digits separated by commas");
      return;
    }
    List<Map<String, Object>> books =
        db.queryConcatenated(BOOK_COLUMNS + " WHERE id IN (" + ids + ") ORDER BY id", BOOK_FIELDS);
    Json.write(resp, 200, Json.map("books", books));
  }

  /** VULNERABLE, and swallows every failure of the data layer: always answers 200. */
  private void lenient(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String id = req.getParameter("id");
    List<Map<String, Object>> books;
    try {
      books = db.queryConcatenated(BOOK_COLUMNS + " WHERE id = " + id, BOOK_FIELDS);
    } catch (Exception e) {
      // "Never show an error page": a pattern that hides exceptions, including a blocking one.
      books = List.of();
    }
    Json.write(resp, 200, Json.map("books", books));
  }

  /**
   * VULNERABLE: tries the concatenated look-up; when it fails, falls back to a second (prepared)
   * query with the same input that lists the other books. A request blocked at the first query must
   * stay blocked at the second.
   */
  private void retry(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String id = required(req, resp, "id");
    if (id == null) {
      return;
    }
    List<Map<String, Object>> books;
    String source;
    try {
      books = db.queryConcatenated(BOOK_COLUMNS + " WHERE id = " + id, BOOK_FIELDS);
      source = "primary";
    } catch (Exception e) {
      books = db.queryPrepared(BOOK_COLUMNS + " WHERE CAST(id AS CHAR(20)) <> ? ORDER BY id", List.of(id),
          BOOK_FIELDS);
      source = "fallback";
    }
    Json.write(resp, 200, Json.map("books", books, "source", source));
  }

  /** Static SQL, no input at all. */
  private void all(HttpServletResponse resp) throws IOException, SQLException {
    List<Map<String, Object>> books =
        db.queryConcatenated("SELECT id, title FROM bookstore_books ORDER BY id", "id", "title");
    Json.write(resp, 200, Json.map("books", books));
  }

  private static String required(HttpServletRequest req, HttpServletResponse resp, String name) throws IOException {
    String value = req.getParameter(name);
    if (value == null || value.isEmpty()) {
      Json.badRequest(resp, name + " is required");
      return null;
    }
    return value;
  }
}
