package io.palisade.benchmarks.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benign traffic of a load run: what an ordinary client of the demo sends, in a fixed rotation, so
 * that every run sees the same mix. Each request is checked for its expected status, so a run in which
 * the agent refused benign traffic fails instead of reporting a fast 403.
 */
final class RequestMix {
  /** One kind of request: a label for the report, how to build it, and the status it must get. */
  static final class Entry {
    final String label;
    final String method;
    final String pathAndQuery;
    final String contentType;
    final String body;
    final int expectedStatus;

    Entry(String label, String method, String pathAndQuery, String contentType, String body, int expectedStatus) {
      this.label = label;
      this.method = method;
      this.pathAndQuery = pathAndQuery;
      this.contentType = contentType;
      this.body = body;
      this.expectedStatus = expectedStatus;
    }

    HttpRequest build(String base) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
          .timeout(Duration.ofSeconds(30))
          .header("Accept", "application/json, text/html;q=0.9")
          .header("User-Agent", "palisade-load/1.0 (benign mix)");
      if (body == null) {
        return b.GET().build();
      }
      return b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }
  }

  private RequestMix() {}

  /** The bookstore's benign mix: database reads by id and by text, a JSON API search, a static page. */
  static List<Entry> bookstore() {
    List<Entry> mix = new ArrayList<>();
    mix.add(new Entry("book by id (SQL, concatenated number)", "GET", "/books?id=1", null, null, 200));
    mix.add(new Entry("search O'Brien (SQL, bound)", "GET", "/safe/search?q=O%27Brien", null, null, 200));
    mix.add(new Entry("search by title (SQL, concatenated)", "GET", "/search?q=Dispossessed", null, null, 200));
    mix.add(new Entry("JSON API search (body, SQL)", "POST", "/api/books/search", "application/json",
        "{\"filter\":{\"title\":\"Gethen\",\"max_price\":2000},\"page\":{\"size\":10,\"number\":0},"
            + "\"tags\":[\"classic\",\"science fiction\"],\"client\":{\"locale\":\"en-GB\",\"version\":\"4.2.1\"}}",
        200));
    mix.add(new Entry("health (no sink)", "GET", "/health", null, null, 200));
    return mix;
  }
}
