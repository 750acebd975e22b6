package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Payloads in request bodies (JSON, XML, multipart; read as bytes or through the container's reader)
 * are blocked like query parameters, benign bodies pass unchanged, and the application reads exactly
 * the bytes it would read without the agent, whatever their size and whenever it reads them.
 */
class RequestBodiesIT {
  private static final String JSON = "application/json";

  /** One body request: what to send, and (for attacks) the input the event must name. */
  record BodyCall(String label, String pathAndQuery, String contentType, byte[] body, String inputSource,
      String inputName, String inputValue) {
    @Override
    public String toString() {
      return label;
    }

    Http.Response send(AppProcess app) {
      return Http.sendBody(app, "POST", pathAndQuery, contentType, body, JSON);
    }
  }

  static final String MULTIPART = "multipart/form-data; boundary=PalisadeBoundary42";

  static final List<BodyCall> ATTACKS = List.of(
      new BodyCall("JSON field, read as a stream", "/api/books/search", JSON,
          utf8("{\"filter\":{\"title\":\"x%' OR 1=1--\",\"max_price\":2000}}"), "body", "/filter/title", "x%' OR 1=1--"),
      new BodyCall("JSON field, read through getReader()", "/api/books/search?via=reader", JSON + "; charset=UTF-8",
          utf8("{\"filter\":{\"title\":\"' UNION SELECT id, username FROM bookstore_users--\"}}"), "body",
          "/filter/title", "' UNION SELECT id, username FROM bookstore_users--"),
      new BodyCall("XML attribute", "/api/books/import", "application/xml",
          utf8("<?xml version=\"1.0\"?><book title=\"x' OR '1'='1\"><author>Anon</author></book>"), "body",
          "/book/@title", "x' OR '1'='1"),
      new BodyCall("multipart field beside a file", "/api/books/covers", MULTIPART,
          multipart("title", "Dune' OR 'a'='a", "cover", "cover.png", "\u0089PNG fake image bytes"), null, "title",
          "Dune' OR 'a'='a"));

  static final List<BodyCall> BENIGN = List.of(
      new BodyCall("JSON title and a comment quoting O'Brien", "/api/books/search", JSON,
          utf8("{\"filter\":{\"title\":\"Policeman\"},\"comment\":\"for Mr O'Brien\"}"), null, null, null),
      new BodyCall("JSON title with SQL words", "/api/books/search", JSON,
          utf8("{\"filter\":{\"title\":\"Select\"},\"comment\":\"SELECT * FROM users; DROP TABLE x\"}"), null, null, null),
      new BodyCall("JSON via reader", "/api/books/search?via=reader", JSON, utf8("{\"filter\":{\"title\":\"Darkness\"}}"),
          null, null, null),
      new BodyCall("XML book", "/api/books/import", "application/xml", utf8("<book title=\"Guards! Guards!\"/>"), null,
          null, null),
      new BodyCall("multipart upload", "/api/books/covers", MULTIPART,
          multipart("title", "The Dispossessed", "cover", "it's a cover; (1).png", "1' OR '1'='1 inside the file"), null,
          null, null),
      new BodyCall("a body the application never reads", "/api/ping", JSON,
          utf8("{\"q\":\"1' OR '1'='1\"}"), null, null, null));

  static Stream<Arguments> attacks() {
    return cross(ATTACKS);
  }

  static Stream<Arguments> benign() {
    return cross(BENIGN);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("attacks")
  void bodyPayloadIsBlockedAndNamed(String db, BodyCall call) {
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK);
    int mark = Audit.mark(app);

    Http.Response response = call.send(app);

    String eventId = Expect.blockResponse(response, true, call.label());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events of %s:\n%s", call, Audit.describe(events)).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.path("event_id").asText()).isEqualTo(eventId);
    assertThat(event.path("action").asText()).isEqualTo("blocked");
    assertThat(event.path("detector").asText()).isEqualTo("sql_injection");
    JsonNode input = event.path("input");
    if (call.inputSource() != null) {
      assertThat(input.path("source").asText()).as("input of %s", event).isEqualTo(call.inputSource());
    } else {
      // multipart fields are also the container's request parameters once it parsed the parts
      assertThat(input.path("source").asText()).as("input of %s", event).isIn("parameter", "body");
    }
    assertThat(input.path("name").asText()).as("input of %s", event).isEqualTo(call.inputName());
    assertThat(input.path("value").asText()).as("input of %s", event).isEqualTo(call.inputValue());
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("benign")
  void benignBodiesPassUnchanged(String db, BodyCall call) {
    AppProcess withAgent = Apps.get(db, Apps.Kind.BLOCK);
    AppProcess without = Apps.get(db, Apps.Kind.NO_AGENT);
    int mark = Audit.mark(withAgent);

    Http.Response expected = call.send(without);
    Http.Response actual = call.send(withAgent);

    Expect.sameResponse(actual, expected, call.label());
    assertThat(Expect.findings(Audit.since(withAgent, mark))).as("no finding for %s", call).isEmpty();
  }

  static Stream<Arguments> bodySizes() {
    List<Arguments> args = new ArrayList<>();
    for (String db : Databases.ALL) {
      for (int size : new int[] {1, 5_000, 200_000}) {
        for (String via : new String[] {"stream", "reader"}) {
          args.add(Arguments.of(db, size, via));
        }
      }
    }
    return args.stream();
  }

  /**
   * The application runs a query first (so the agent captures the request before the body is
   * read), then reads the body in odd-sized pieces. It must receive every byte, beyond the 64 KiB
   * the agent keeps as well.
   */
  @ParameterizedTest(name = "[{0}] {1} bytes via {2}")
  @MethodSource("bodySizes")
  void theApplicationReadsExactlyWhatWasSent(String db, int size, String via) throws Exception {
    byte[] body = jsonOfSize(size);
    String expectedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));

    for (Apps.Kind kind : new Apps.Kind[] {Apps.Kind.BLOCK, Apps.Kind.NO_AGENT}) {
      Http.Response response = Http.sendBody(Apps.get(db, kind), "POST", "/api/books/lookup?id=2&via=" + via,
          JSON + "; charset=UTF-8", body, JSON);
      assertThat(response.status()).as("%s: %s", kind, response).isEqualTo(200);
      JsonNode json = Expect.parse(response.body(), "lookup");
      assertThat(json.path("received_bytes").asInt()).as("%s bytes received", kind).isEqualTo(body.length);
      assertThat(json.path("received_sha256").asText()).as("%s digest", kind).isEqualTo(expectedSha);
    }
  }

  private static byte[] jsonOfSize(int size) {
    StringBuilder json = new StringBuilder("{\"notes\":[");
    int i = 0;
    while (json.length() < size - 40) {
      json.append(i == 0 ? "" : ",").append("\"note ").append(i++).append(" caf\u00e9 O'Brien\"");
    }
    json.append("]}");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    return size < 40 ? new byte[] {'7'} : bytes;
  }

  private static Stream<Arguments> cross(List<BodyCall> calls) {
    List<Arguments> args = new ArrayList<>();
    for (String db : Databases.ALL) {
      for (BodyCall call : calls) {
        args.add(Arguments.of(db, call));
      }
    }
    return args.stream();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] multipart(String field, String value, String fileField, String fileName, String fileContent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = "--PalisadeBoundary42\r\n"
        + "Content-Disposition: form-data; name=\"" + field + "\"\r\n\r\n"
        + value + "\r\n"
        + "--PalisadeBoundary42\r\n"
        + "Content-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: image/png\r\n\r\n"
        + fileContent + "\r\n"
        + "--PalisadeBoundary42--\r\n";
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
