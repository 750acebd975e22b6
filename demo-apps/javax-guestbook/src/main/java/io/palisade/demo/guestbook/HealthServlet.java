package io.palisade.demo.guestbook;

import java.io.IOException;
import java.sql.SQLException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code GET /health}: up, and whether the database answers. */
final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient GuestbookDatabase db;

  HealthServlet(GuestbookDatabase db) {
    this.db = db;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      boolean ok = db.ping();
      Json.write(resp, ok ? 200 : 503, Json.map("status", ok ? "ok" : "database_unavailable", "db", db.db()));
    } catch (SQLException e) {
      Json.write(resp, 503, Json.map("status", "database_unavailable", "db", db.db()));
    }
  }
}
