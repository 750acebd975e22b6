package io.palisade.demo.inventory;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What a web framework's exception handler does: whatever the servlets throw becomes
 * {@code sendError(500)}, which the container renders with the error page. It also marks every
 * response it passes ({@code X-Inventory-Filter}), so a reader of the responses sees that it ran.
 */
final class ExceptionTranslationFilter implements Filter {
  @Override
  public void init(FilterConfig config) {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletResponse http = (HttpServletResponse) response;
    http.setHeader("X-Inventory-Filter", "seen");
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      System.err.println("inventory: " + ((HttpServletRequest) request).getMethod() + " "
          + ((HttpServletRequest) request).getRequestURI() + " failed: " + e);
      http.sendError(500);
    }
  }

  @Override
  public void destroy() {}
}
