package io.palisade.demo.bookstore;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Review pages written by hand to the response. {@code /reviews/preview} echoes the comment and the
 * reviewer's name raw, into text and into an attribute value: reflected XSS. {@code /safe/reviews/preview}
 * escapes both. {@code rows} adds that many table rows before the echo, to make the page large.
 */
final class ReviewsServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    boolean safe = req.getServletPath().startsWith("/safe/");
    String comment = valueOr(req.getParameter("comment"), "");
    String name = valueOr(req.getParameter("name"), "anonymous");
    int rows = Math.min(100_000, Integer.parseInt(valueOr(req.getParameter("rows"), "0")));
    resp.setContentType("text/html;charset=UTF-8");
    PrintWriter out = resp.getWriter();
    out.println("<!DOCTYPE html>");
    out.println("<html><head><title>Review preview</title></head><body>");
    out.println("<h1>Preview of your review</h1>");
    if (rows > 0) {
      out.println("<table>");
      for (int i = 0; i < rows; i++) {
        out.print("<tr><td>Book ");
        out.print(i);
        out.println("</td><td>in stock</td></tr>");
      }
      out.println("</table>");
    }
    out.print("<form method=\"post\" action=\"/reviews\"><input name=\"name\" value=\"");
    out.print(safe ? escape(name) : name);
    out.println("\">");
    out.print("<blockquote class=\"review\">");
    out.print(safe ? escape(comment) : comment);
    out.println("</blockquote>");
    out.println("<!-- reviews are moderated; maths like a < b and hearts like <3 are fine -->");
    out.println("</form></body></html>");
  }

  private static String valueOr(String value, String fallback) {
    return value == null ? fallback : value;
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
