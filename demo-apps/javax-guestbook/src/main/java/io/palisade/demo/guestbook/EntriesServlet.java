package io.palisade.demo.guestbook;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The guestbook's entries: the vulnerable endpoints concatenate request input into SQL, their twins do not. */
final class EntriesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient GuestbookDatabase db;

  EntriesServlet(GuestbookDatabase db) {
    this.db = db;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String servletPath = req.getServletPath();
    String pathInfo = req.getPathInfo();
    try {
      switch (servletPath) {
        case "/entries":
          if (pathInfo == null || pathInfo.equals("/")) {
            vulnerableByAuthor(req, resp);
          } else {
            vulnerableById(pathInfo.substring(1), resp);
          }
          break;
        case "/safe/entries": safeByAuthor(req, resp); break;
        case "/escaped/entries": escapedByAuthor(req.getParameter("author"), resp); break;
        case "/authors":
          if (pathInfo == null || pathInfo.length() < 2) {
            Json.badRequest(resp, "an author name is required: /authors/{name}");
          } else {
            escapedByAuthor(pathInfo.substring(1), resp);
          }
          break;
        default: Json.write(resp, 404, Json.map("error", "not_found"));
      }
    } catch (SQLException e) {
      Json.databaseError(resp, e);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!req.getServletPath().equals("/entries") || req.getPathInfo() != null) {
      Json.write(resp, 405, Json.map("error", "method_not_allowed"));
      return;
    }
    try {
      vulnerableInsert(req, resp);
    } catch (SQLException e) {
      Json.databaseError(resp, e);
    }
  }

  /** VULNERABLE: string context, {@code WHERE author = '<input>'}. Without an author: every entry. */
  private void vulnerableByAuthor(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String author = req.getParameter("author");
    String sql = author == null
        ? GuestbookDatabase.ENTRY_COLUMNS + " ORDER BY id"
        : GuestbookDatabase.ENTRY_COLUMNS + " WHERE author = '" + author + "' ORDER BY id";
    Json.write(resp, 200, Json.map("entries", db.queryConcatenated(sql)));
  }

  /** Safe twin of {@link #vulnerableByAuthor}: a PreparedStatement. */
  private void safeByAuthor(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String author = req.getParameter("author");
    if (author == null || author.isEmpty()) {
      Json.badRequest(resp, "author is required");
      return;
    }
    List<Map<String, Object>> entries =
        db.queryPrepared(GuestbookDatabase.ENTRY_COLUMNS + " WHERE author = ? ORDER BY id", author);
    Json.write(resp, 200, Json.map("entries", entries));
  }

  /** Benign concatenation: the literal is escaped for the database, so {@code O'Brien} stays one literal. */
  private void escapedByAuthor(String author, HttpServletResponse resp) throws IOException, SQLException {
    if (author == null || author.isEmpty()) {
      Json.badRequest(resp, "author is required");
      return;
    }
    List<Map<String, Object>> entries = db.queryConcatenated(
        GuestbookDatabase.ENTRY_COLUMNS + " WHERE author = " + db.quote(author) + " ORDER BY id");
    Json.write(resp, 200, Json.map("entries", entries));
  }

  /** VULNERABLE: numeric context from the path, {@code WHERE id = <segment>}. */
  private void vulnerableById(String id, HttpServletResponse resp) throws IOException, SQLException {
    List<Map<String, Object>> entries = db.queryConcatenated(GuestbookDatabase.ENTRY_COLUMNS + " WHERE id = " + id);
    if (entries.isEmpty()) {
      Json.write(resp, 404, Json.map("error", "not_found"));
    } else if (entries.size() == 1) {
      Json.write(resp, 200, Json.map("entry", entries.get(0)));
    } else {
      // Cannot happen for a real id; an injected condition shows every entry it matched.
      Json.write(resp, 200, Json.map("entries", entries));
    }
  }

  /** VULNERABLE: the form fields are concatenated into the INSERT. */
  private void vulnerableInsert(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String author = req.getParameter("author");
    String message = req.getParameter("message");
    if (author == null || author.isBlank() || message == null || message.isBlank()) {
      Json.badRequest(resp, "author and message are required");
      return;
    }
    int rows = db.updateConcatenated("INSERT INTO guestbook_entries (author, message) VALUES ('" + author + "', '"
        + message + "')");
    Json.write(resp, 201, Json.map("created", rows));
  }
}
