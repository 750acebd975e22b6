package io.palisade.demo.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;

/**
 * {@code POST /search} with a JSON body {@code {"filter":{"name":"..."}}}: VULNERABLE, the name is
 * concatenated into a string literal. The body is read from the input stream, or through
 * {@code getReader()} with {@code ?via=reader}; {@code ?escape=sql} doubles the quotes first (the
 * correct way to concatenate, so O'Brien is no finding). {@code POST /safe/search} binds the name.
 */
final class SearchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient InventoryDatabase database;

  SearchServlet(InventoryDatabase database) {
    this.database = database;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    JsonNode body;
    try {
      body = "reader".equals(request.getParameter("via"))
          ? Json.parse(request.getReader())
          : Json.parse(request.getInputStream().readAllBytes());
    } catch (IOException e) {
      Json.badRequest(response, "the body is not JSON");
      return;
    }
    JsonNode name = body == null ? null : body.path("filter").path("name");
    if (name == null || !name.isTextual()) {
      Json.badRequest(response, "filter.name (a string) is required");
      return;
    }
    try {
      if (request.getServletPath().startsWith("/safe")) {
        Json.items(response, database.bound(InventoryDatabase.COLUMNS + " WHERE name = ? ORDER BY id", name.asText()));
        return;
      }
      String literal = "sql".equals(request.getParameter("escape")) ? name.asText().replace("'", "''") : name.asText();
      Json.items(response, database.concatenated(
          InventoryDatabase.COLUMNS + " WHERE name = '" + literal + "' ORDER BY id"));
    } catch (SQLException e) {
      throw new ServletException("inventory search failed", e);
    }
  }
}
