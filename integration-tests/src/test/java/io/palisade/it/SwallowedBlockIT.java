package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The application catches the blocking exception: /books/lenient answers 200 with an empty list on
 * any data-layer error, /books/retry falls back to a second (prepared) query with the same input.
 * The client must still get the block response, never data.
 */
class SwallowedBlockIT {

  static List<String> databases() {
    return Databases.ALL;
  }

  @ParameterizedTest(name = "[{0}] lenient endpoint, JSON client")
  @MethodSource("databases")
  void lenientEndpointStillSendsBlockResponse(String db) {
    check(db, Http.Call.get("/books/lenient", Http.JSON, "id", "2 OR 1=1"), true);
  }

  @ParameterizedTest(name = "[{0}] lenient endpoint, HTML client")
  @MethodSource("databases")
  void lenientEndpointStillSendsBlockPage(String db) {
    check(db, Http.Call.get("/books/lenient", Http.HTML, "id", "3 OR 1=1"), false);
  }

  @ParameterizedTest(name = "[{0}] retry endpoint: the fallback query stays blocked")
  @MethodSource("databases")
  void retryEndpointStaysBlocked(String db) {
    check(db, Http.Call.get("/books/retry", Http.JSON, "id", "4 OR 1=1"), true);
  }

  private static void check(String db, Http.Call call, boolean json) {
    AppProcess reference = Apps.get(db, Apps.Kind.NO_AGENT);
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK);
    Http.Response unprotected = Http.send(reference, call);
    assertThat(unprotected.status()).as("without the agent %s answers 200: %s", call, unprotected).isEqualTo(200);
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, call);

    String bodyEventId = Expect.blockResponse(response, json, call.toString());
    assertThat(response.body()).as("no data may reach the client after a block").doesNotContain("books");
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("audit events of %s:\n%s", call, Audit.describe(events)).isNotEmpty();
    String value = call.params().get("id");
    JsonNode first = events.get(0);
    Expect.finding(first, "blocked", "it-block-" + db, call, "id", value, false, "WHERE id = " + value);
    for (JsonNode e : events) {
      assertThat(e.path("action").asText()).as("every event of the blocked request: %s", e).isEqualTo("blocked");
    }
    if (json) {
      assertThat(bodyEventId).as("event_id in the response is the first (blocking) event's").isEqualTo(
          first.path("event_id").asText());
    } else {
      assertThat(response.body()).contains(first.path("event_id").asText());
    }
  }
}
