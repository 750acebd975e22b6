package io.palisade.demo.inventory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /async/stock} with the header {@code X-Warehouse}: the stock look-up of
 * {@link StockServlet}, run on a container thread through {@code AsyncContext.start}. VULNERABLE like
 * {@code /stock}; {@code /safe/async/stock} binds the header.
 */
final class AsyncStockServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient InventoryDatabase database;

  AsyncStockServlet(InventoryDatabase database) {
    this.database = database;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String warehouse = request.getHeader("X-Warehouse");
    if (warehouse == null) {
      Json.badRequest(response, "the X-Warehouse header is required");
      return;
    }
    boolean safe = request.getServletPath().startsWith("/safe");
    AsyncContext async = request.startAsync();
    async.start(() -> {
      try {
        Json.items(response, safe
            ? database.bound(InventoryDatabase.COLUMNS + " WHERE warehouse = ? ORDER BY id", warehouse)
            : database.concatenated(InventoryDatabase.COLUMNS + " WHERE warehouse = '" + warehouse + "' ORDER BY id"));
      } catch (Exception e) {
        System.err.println("inventory: async stock look-up failed: " + e);
        if (!response.isCommitted()) {
          try {
            Json.write(response, 500, Json.ordered("error", "internal_error", "status", 500));
          } catch (IOException ignored) {
            // the client is gone
          }
        }
      } finally {
        async.complete();
      }
    });
  }
}
