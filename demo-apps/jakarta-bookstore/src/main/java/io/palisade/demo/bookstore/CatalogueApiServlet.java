package io.palisade.demo.bookstore;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The catalogue API: request bodies in JSON, XML and multipart, each used (carelessly) in SQL.
 * {@code ?via=reader} reads through {@code getReader()} instead of the input stream.
 */
final class CatalogueApiServlet extends HttpServlet {
  private final Database db;

  CatalogueApiServlet(Database db) {
    this.db = db;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      switch (req.getServletPath()) {
        case "/api/books/search":
          searchByJson(req, resp);
          break;
        case "/api/books/import":
          importXml(req, resp);
          break;
        case "/api/books/covers":
          uploadCover(req, resp);
          break;
        case "/api/books/lookup":
          lookupThenReadBody(req, resp);
          break;
        case "/api/ping":
          Json.write(resp, 200, Json.map("pong", true));
          break;
        default:
          Json.badRequest(resp, "unknown endpoint");
      }
    } catch (SQLException e) {
      Json.databaseError(resp, e);
    }
  }

  /** {"filter": {"title": "...", "max_price": 2000}}: the title goes into the SQL text. */
  private void searchByJson(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    JsonNode body = "reader".equals(req.getParameter("via"))
        ? Json.MAPPER.readTree(req.getReader())
        : Json.MAPPER.readTree(req.getInputStream());
    String title = body.path("filter").path("title").asText("");
    // VULNERABLE: a JSON field concatenated into SQL.
    List<Map<String, Object>> books = db.queryConcatenated(
        "SELECT id, title FROM bookstore_books WHERE title LIKE '%" + title + "%' ORDER BY id", "id", "title");
    Json.write(resp, 200, Json.map("books", books));
  }

  /** <book title="..."/>: the attribute goes into the SQL text. */
  private void importXml(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    Document document;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      document = factory.newDocumentBuilder().parse(req.getInputStream());
    } catch (Exception e) {
      Json.badRequest(resp, "not XML: " + e.getMessage());
      return;
    }
    Element book = document.getDocumentElement();
    String title = book.getAttribute("title");
    // VULNERABLE: an XML attribute concatenated into SQL.
    List<Map<String, Object>> existing = db.queryConcatenated(
        "SELECT id, title FROM bookstore_books WHERE title = '" + title + "'", "id", "title");
    Json.write(resp, 200, Json.map("title", title, "already_in_catalogue", !existing.isEmpty()));
  }

  /** multipart: a "title" field and a "cover" file. */
  private void uploadCover(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    Part cover;
    String title;
    try {
      cover = req.getPart("cover");
      title = req.getParameter("title");
    } catch (Exception e) {
      Json.badRequest(resp, "not multipart: " + e.getMessage());
      return;
    }
    // VULNERABLE: a multipart field concatenated into SQL.
    List<Map<String, Object>> books = db.queryConcatenated(
        "SELECT id, title FROM bookstore_books WHERE title = '" + (title == null ? "" : title) + "'", "id", "title");
    Json.write(resp, 200, Json.map("books", books, "cover_file", cover == null ? null : cover.getSubmittedFileName(),
        "cover_bytes", cover == null ? 0 : cover.getSize()));
  }

  /**
   * Runs a query first (so Palisade inspects the request before the body is read), then reads the
   * body and reports exactly what it received: the agent must not have consumed any of it.
   */
  private void lookupThenReadBody(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
    String id = req.getParameter("id");
    List<Map<String, Object>> books = db.queryConcatenated(
        "SELECT id, title FROM bookstore_books WHERE id = " + (id == null ? "1" : id), "id", "title");
    byte[] received;
    if ("reader".equals(req.getParameter("via"))) {
      StringBuilder text = new StringBuilder();
      try (Reader reader = req.getReader()) {
        char[] buffer = new char[777];
        int n;
        while ((n = reader.read(buffer)) >= 0) {
          text.append(buffer, 0, n);
        }
      }
      received = text.toString().getBytes(StandardCharsets.UTF_8);
    } else {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (InputStream in = req.getInputStream()) {
        int first = in.read(); // one byte alone, then the rest in odd-sized chunks
        if (first >= 0) {
          bytes.write(first);
          byte[] buffer = new byte[1021];
          int n;
          while ((n = in.read(buffer, 3, buffer.length - 3)) >= 0) {
            bytes.write(buffer, 3, n);
          }
        }
      }
      received = bytes.toByteArray();
    }
    Json.write(resp, 200, Json.map("books", books, "received_bytes", received.length, "received_sha256", sha256(received)));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
