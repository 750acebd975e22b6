package io.palisade.demo.inventory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for 500: a fixed JSON body (no database message leaks). The agent's block response
 * must never be replaced by it.
 */
final class ErrorPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object status = request.getAttribute("jakarta.servlet.error.status_code");
    int code = status instanceof Integer ? (Integer) status : 500;
    Json.write(response, code, Json.ordered("error", "internal_error", "status", code, "page", "inventory error page"));
  }
}
