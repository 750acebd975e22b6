package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL run off the request thread (AsyncContext.start, an application executor completing an async
 * request, an executor task the request waits for) is checked with the request's inputs, and the
 * worker threads carry nothing over to the next request.
 */
class AsyncRequestsIT {
  static final List<String> PATHS = List.of("/async/container", "/async/executor", "/async/future");

  static Stream<Arguments> cases() {
    List<Arguments> args = new ArrayList<>();
    for (String db : Databases.ALL) {
      for (String path : PATHS) {
        args.add(Arguments.of(db, path));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("cases")
  void injectionOnAWorkerThreadIsBlocked(String db, String path) {
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK);
    int mark = Audit.mark(app);

    Http.Response response = Http.get(app, path, Http.JSON, "id", "2 OR 1=1");

    String eventId = Expect.blockResponse(response, true, path);
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events of %s:\n%s", path, Audit.describe(events)).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.path("event_id").asText()).isEqualTo(eventId);
    assertThat(event.path("request").path("path").asText()).isEqualTo(path);
    assertThat(event.path("input").path("name").asText()).isEqualTo("id");
    assertThat(event.path("input").path("value").asText()).isEqualTo("2 OR 1=1");
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("cases")
  void workerThreadsKeepNoContextOfEarlierRequests(String db, String path) {
    AppProcess withAgent = Apps.get(db, Apps.Kind.BLOCK);
    AppProcess without = Apps.get(db, Apps.Kind.NO_AGENT);
    int mark = Audit.mark(withAgent);

    // An attack first, then more benign requests than the pool has threads: each would be blocked
    // if a worker still carried the attack's context.
    Expect.blockResponse(Http.get(withAgent, path, Http.JSON, "id", "3 OR 1=1"), true, path);
    for (int i = 1; i <= 12; i++) {
      String id = Integer.toString(1 + i % 6);
      Expect.sameResponse(Http.get(withAgent, path, Http.JSON, "id", id), Http.get(without, path, Http.JSON, "id", id),
          path + "?id=" + id);
    }
    assertThat(Expect.findings(Audit.since(withAgent, mark))).as("only the attack is a finding").hasSize(1);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("cases")
  void monitorModeReportsAndAnswersAsUsual(String db, String path) {
    AppProcess monitored = Apps.get(db, Apps.Kind.MONITOR);
    AppProcess without = Apps.get(db, Apps.Kind.NO_AGENT);
    int mark = Audit.mark(monitored);

    Http.Response response = Http.get(monitored, path, Http.JSON, "id", "4 OR 1=1");

    Expect.sameResponse(response, Http.get(without, path, Http.JSON, "id", "4 OR 1=1"), path);
    List<JsonNode> events = Expect.findings(Audit.since(monitored, mark));
    assertThat(events).as("events of %s:\n%s", path, Audit.describe(events)).hasSize(1);
    assertThat(events.get(0).path("action").asText()).isEqualTo("monitored");
  }
}
