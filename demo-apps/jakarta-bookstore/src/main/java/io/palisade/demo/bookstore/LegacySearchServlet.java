package io.palisade.demo.bookstore;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A legacy search page that builds its HTML as bytes and writes them to {@code getOutputStream()}, in
 * small chunks as an old template library would (a multi-byte character may be split across two
 * writes). {@code /legacy/search} echoes the query raw into the page's text and into an attribute
 * value: reflected XSS. {@code /safe/legacy/search} escapes both. {@code charset} picks the page's
 * encoding (UTF-8 by default), {@code rows} adds that many result rows before the echo,
 * {@code chunk} sets the write size. {@code /legacy/export} sends the query back inside a binary
 * download (application/octet-stream), which is not a page.
 */
final class LegacySearchServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String query = valueOr(req.getParameter("q"), "");
    int chunk = Math.max(1, Math.min(65_536, Integer.parseInt(valueOr(req.getParameter("chunk"), "7"))));
    if (req.getServletPath().equals("/legacy/export")) {
      export(query, resp, chunk);
      return;
    }
    boolean safe = req.getServletPath().startsWith("/safe/");
    Charset charset = Charset.forName(valueOr(req.getParameter("charset"), "UTF-8"));
    int rows = Math.min(100_000, Integer.parseInt(valueOr(req.getParameter("rows"), "0")));
    String shown = safe ? ReviewsServlet.escape(query) : query;

    StringBuilder page = new StringBuilder(256 + rows * 48);
    page.append("<!DOCTYPE html>\n<html><head><meta charset=\"").append(charset.name())
        .append("\"><title>Legacy search – Bücher</title></head><body>\n");
    page.append("<form action=\"/legacy/search\"><input name=\"q\" value=\"").append(shown).append("\"></form>\n");
    for (int i = 0; i < rows; i++) {
      page.append("<p class=\"hit\">Book ").append(i).append(" · in stock</p>\n");
    }
    page.append("<p>No more results for <b>").append(shown).append("</b>.</p>\n");
    page.append("<!-- maths like a < b and hearts like <3 are fine -->\n</body></html>\n");

    resp.setContentType("text/html;charset=" + charset.name());
    writeInChunks(resp.getOutputStream(), page.toString().getBytes(charset), chunk);
  }

  /** A download that carries the query in its bytes: a file, not a page. */
  private static void export(String query, HttpServletResponse resp, int chunk) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    file.write(("tEXtComment\0" + query).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 4096; i++) {
      file.write(i * 31);
    }
    resp.setContentType("application/octet-stream");
    resp.setHeader("Content-Disposition", "attachment; filename=\"search.png\"");
    writeInChunks(resp.getOutputStream(), file.toByteArray(), chunk);
  }

  private static void writeInChunks(ServletOutputStream out, byte[] bytes, int chunk) throws IOException {
    for (int at = 0; at < bytes.length; at += chunk) {
      int length = Math.min(chunk, bytes.length - at);
      if (length == 1) {
        out.write(bytes[at]);
      } else {
        out.write(bytes, at, length);
      }
    }
  }

  private static String valueOr(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
