package io.palisade.demo.guestbook;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * In front of every servlet: decodes form bodies as UTF-8, sets two security headers, and logs one
 * line per request to stderr. It is the outermost application entry of every request.
 */
final class RequestLogFilter implements Filter {
  static final String HEADER = "X-Guestbook-Request-Id";

  private long counter;

  @Override
  public void init(FilterConfig filterConfig) {
    // nothing to configure
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    if (req.getCharacterEncoding() == null) {
      req.setCharacterEncoding("UTF-8");
    }
    long id;
    synchronized (this) {
      id = ++counter;
    }
    resp.setHeader(HEADER, Long.toString(id));
    resp.setHeader("X-Content-Type-Options", "nosniff");
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.err.println("guestbook: #" + id + " " + req.getMethod() + " " + req.getRequestURI() + " -> "
          + resp.getStatus() + " (" + millis + " ms)");
    }
  }

  @Override
  public void destroy() {
    // nothing to release
  }
}
