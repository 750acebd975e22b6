package io.palisade.demo.inventory;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;

/**
 * {@code GET /items} lists everything; {@code GET /items/{id}} is VULNERABLE (the path segment is
 * concatenated into a numeric comparison); {@code GET /safe/items/{id}} binds it.
 */
final class ItemsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient InventoryDatabase database;

  ItemsServlet(InventoryDatabase database) {
    this.database = database;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
    boolean safe = request.getServletPath().startsWith("/safe");
    try {
      if (id.isEmpty()) {
        Json.items(response, database.bound(InventoryDatabase.COLUMNS + " ORDER BY id"));
      } else if (safe) {
        int number;
        try {
          number = Integer.parseInt(id);
        } catch (NumberFormatException e) {
          Json.badRequest(response, "the item id must be a number");
          return;
        }
        Json.items(response, database.bound(InventoryDatabase.COLUMNS + " WHERE id = ?", number));
      } else {
        Json.items(response, database.concatenated(InventoryDatabase.COLUMNS + " WHERE id = " + id));
      }
    } catch (SQLException | RuntimeException e) {
      // Like many DAOs: everything is wrapped, and the container's error page renders the 500.
      throw new ServletException("inventory lookup failed", e);
    }
  }
}
