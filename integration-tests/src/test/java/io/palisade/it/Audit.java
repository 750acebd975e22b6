package io.palisade.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Which audit events a request produced, without sleeping: take a mark (the number of events so
 * far), send the requests under test, then send a sentinel attack that the agent always reports and
 * poll the log until the sentinel's event appears. The agent writes events in order, so every event
 * of the requests under test lies between the mark and the sentinel's event.
 */
final class Audit {
  private static final AtomicInteger SENTINELS = new AtomicInteger(7000);

  private Audit() {}

  static int mark(AppProcess app) {
    return AuditLogReader.events(app.auditLog).size();
  }

  /** The events written since {@code mark}, fenced by a sentinel request (its own event excluded). */
  static List<JsonNode> since(AppProcess app, int mark) {
    String sentinel = SENTINELS.incrementAndGet() + " OR 1=1";
    Http.get(app, "/books", Http.JSON, "id", sentinel);
    return fencedBy(app.auditLog, mark, sentinel, "GET /books?id=" + sentinel, app::outputs);
  }

  /**
   * The events written to {@code auditLog} since {@code mark} and before the event whose input value is
   * {@code sentinel}, polled until that event appears. The caller has sent the sentinel attack
   * ({@code sentinelCall}, for the message) to an endpoint where the agent always reports it;
   * {@code outputs} are the application's, for the message when the sentinel's event never comes.
   */
  static List<JsonNode> fencedBy(Path auditLog, int mark, String sentinel, Object sentinelCall, Supplier<String> outputs) {
    return Polling.until(() -> {
      List<JsonNode> events = AuditLogReader.events(auditLog);
      for (int i = mark; i < events.size(); i++) {
        if (sentinel.equals(events.get(i).path("input").path("value").asText(null))) {
          return events.subList(mark, i);
        }
      }
      return null;
    }, Polling.DEFAULT_DEADLINE, () -> "the sentinel attack " + sentinelCall + " (used to fence the events"
        + " of the request under test) produced no audit event with input.value '" + sentinel + "' in "
        + auditLog + " within " + Polling.DEFAULT_DEADLINE.toSeconds() + " s. Events since the mark:\n"
        + describe(AuditLogReader.events(auditLog).stream().skip(mark).collect(Collectors.toList()))
        + "\n" + outputs.get());
  }

  /** Events that belong to a request or are findings (lifecycle events are not a request's doing). */
  static List<JsonNode> requestEvents(List<JsonNode> events) {
    return events.stream()
        .filter(e -> AuditLogReader.isFinding(e) || e.hasNonNull("request"))
        .collect(Collectors.toList());
  }

  static String describe(List<JsonNode> events) {
    return events.isEmpty() ? "(none)" : events.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
  }
}
