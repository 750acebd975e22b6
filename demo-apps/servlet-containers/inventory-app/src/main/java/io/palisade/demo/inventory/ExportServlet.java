package io.palisade.demo.inventory;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /export?warehouse=}: a streaming export. The opening bytes are flushed (the response is
 * committed) before the query runs, as a streaming endpoint does; the query is VULNERABLE, the
 * warehouse concatenated into a string literal. {@code GET /safe/export} binds it. A block here comes
 * too late to replace the response: the connection must be cut rather than the response completed.
 */
final class ExportServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient InventoryDatabase database;

  ExportServlet(InventoryDatabase database) {
    this.database = database;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    String warehouse = request.getParameter("warehouse");
    if (warehouse == null) {
      Json.badRequest(response, "the warehouse parameter is required");
      return;
    }
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    ServletOutputStream out = response.getOutputStream();
    out.write("{\"export\":[".getBytes(StandardCharsets.UTF_8));
    response.flushBuffer();
    List<Map<String, Object>> rows;
    try {
      rows = request.getServletPath().startsWith("/safe")
          ? database.bound(InventoryDatabase.COLUMNS + " WHERE warehouse = ? ORDER BY id", warehouse)
          : database.concatenated(InventoryDatabase.COLUMNS + " WHERE warehouse = '" + warehouse + "' ORDER BY id");
    } catch (SQLException | RuntimeException e) {
      throw new ServletException("export failed", e);
    }
    for (int i = 0; i < rows.size(); i++) {
      out.write(((i == 0 ? "" : ",") + Json.MAPPER.writeValueAsString(rows.get(i))).getBytes(StandardCharsets.UTF_8));
    }
    out.write("]}".getBytes(StandardCharsets.UTF_8));
  }
}
