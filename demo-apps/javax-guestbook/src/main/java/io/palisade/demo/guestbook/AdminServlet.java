package io.palisade.demo.guestbook;

import java.io.IOException;
import java.security.Principal;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /admin/*} and {@code /api/*}: the admin area and a partner API. Deliberately unprotected
 * by the application itself (no security constraints): who may call them is decided by the agent's
 * {@code access} rules, so operators close these doors per environment. Answers with what it saw.
 */
final class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Principal user = req.getUserPrincipal();
    Json.write(resp, 200, Json.map(
        "area", req.getServletPath().substring(1),
        "path", req.getPathInfo() == null ? "" : req.getPathInfo(),
        "method", req.getMethod(),
        "user", user == null ? "" : user.getName()));
  }
}
