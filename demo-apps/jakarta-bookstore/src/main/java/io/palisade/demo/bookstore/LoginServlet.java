package io.palisade.demo.bookstore;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Form login against plain-text passwords (it is a demo of what not to do in more ways than one). */
final class LoginServlet extends HttpServlet {
  private final Database db;

  LoginServlet(Database db) {
    this.db = db;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String username = req.getParameter("username");
    String password = req.getParameter("password");
    if (username == null || password == null) {
      Json.badRequest(resp, "username and password are required");
      return;
    }
    try {
      List<Map<String, Object>> users;
      if ("/safe/login".equals(req.getServletPath())) {
        users = db.queryPrepared("SELECT id, username, role FROM bookstore_users WHERE username = ? AND password = ?",
            List.of(username, password), "id", "username", "role");
      } else {
        // VULNERABLE: both values concatenated into string literals.
        users = db.queryConcatenated("SELECT id, username, role FROM bookstore_users WHERE username='" + username
            + "' AND password='" + password + "'", "id", "username", "role");
      }
      if (users.isEmpty()) {
        Json.write(resp, 401, Json.map("authenticated", false));
      } else {
        Map<String, Object> user = users.get(0);
        Json.write(resp, 200, Json.map("authenticated", true, "user", user.get("username"), "role", user.get("role")));
      }
    } catch (SQLException e) {
      Json.databaseError(resp, e);
    }
  }
}
