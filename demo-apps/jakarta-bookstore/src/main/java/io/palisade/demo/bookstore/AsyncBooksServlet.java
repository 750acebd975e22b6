package io.palisade.demo.bookstore;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Book lookups done off the request thread, the three usual ways: {@code AsyncContext.start},
 * an application executor completing an async request, and an executor task the request waits for.
 */
final class AsyncBooksServlet extends HttpServlet {
  private final Database db;
  private final ExecutorService executor;

  AsyncBooksServlet(Database db, ExecutorService executor) {
    this.db = db;
    this.executor = executor;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String id = req.getParameter("id") == null ? "1" : req.getParameter("id");
    switch (req.getServletPath()) {
      case "/async/container": {
        AsyncContext async = req.startAsync();
        async.start(() -> respond(async, id));
        break;
      }
      case "/async/executor": {
        AsyncContext async = req.startAsync();
        executor.execute(() -> respond(async, id));
        break;
      }
      case "/async/future": {
        Future<List<Map<String, Object>>> books = executor.submit(() -> lookup(id));
        try {
          Json.write(resp, 200, Json.map("books", books.get()));
        } catch (Exception e) {
          Json.write(resp, 500, Json.map("error", "lookup_failed", "cause", String.valueOf(e.getCause())));
        }
        break;
      }
      default:
        Json.badRequest(resp, "unknown endpoint");
    }
  }

  private void respond(AsyncContext async, String id) {
    HttpServletResponse resp = (HttpServletResponse) async.getResponse();
    try {
      Json.write(resp, 200, Json.map("books", lookup(id)));
    } catch (SQLException e) {
      try {
        Json.databaseError(resp, e);
      } catch (IOException ignored) {
        // client gone
      }
    } catch (IOException ignored) {
      // client gone
    } catch (RuntimeException e) {
      try {
        Json.write(resp, 500, Json.map("error", "lookup_failed"));
      } catch (Exception ignored) {
        // response unusable
      }
    } finally {
      async.complete();
    }
  }

  private List<Map<String, Object>> lookup(String id) throws SQLException {
    // VULNERABLE: numeric context, run on a worker thread.
    return db.queryConcatenated("SELECT id, title FROM bookstore_books WHERE id = " + id, "id", "title");
  }
}
