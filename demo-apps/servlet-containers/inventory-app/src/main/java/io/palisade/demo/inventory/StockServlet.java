package io.palisade.demo.inventory;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;

/**
 * {@code GET /stock} with the header {@code X-Warehouse}: VULNERABLE, the header is concatenated into a
 * string literal (a gateway is assumed to set it, so nobody validated it). {@code GET /safe/stock}
 * binds it.
 */
final class StockServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient InventoryDatabase database;

  StockServlet(InventoryDatabase database) {
    this.database = database;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    String warehouse = request.getHeader("X-Warehouse");
    if (warehouse == null) {
      Json.badRequest(response, "the X-Warehouse header is required");
      return;
    }
    try {
      if (request.getServletPath().startsWith("/safe")) {
        Json.items(response, database.bound(InventoryDatabase.COLUMNS + " WHERE warehouse = ? ORDER BY id", warehouse));
      } else {
        Json.items(response, database.concatenated(
            InventoryDatabase.COLUMNS + " WHERE warehouse = '" + warehouse + "' ORDER BY id"));
      }
    } catch (SQLException | RuntimeException e) {
      // Wrapped like ItemsServlet: the container sees a ServletException, whatever the cause.
      throw new ServletException("stock lookup failed", e);
    }
  }
}
