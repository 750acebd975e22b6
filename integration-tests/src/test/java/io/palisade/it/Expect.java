package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Assertions shared by the tests: block responses, finding events and response equality. */
final class Expect {
  private Expect() {}

  /** Asserts the policy's default block response; returns the event id it names (JSON) or null (HTML). */
  static String blockResponse(Http.Response r, boolean json, String context) {
    assertThat(r.status()).as("status of %s; response: %s", context, r).isEqualTo(403);
    if (json) {
      assertThat(r.contentType()).as("content type of %s", context).contains("application/json");
      JsonNode body = parse(r.body(), context);
      assertThat(body.path("error").asText()).as("error of %s; body %s", context, r.body()).isEqualTo("request_blocked");
      String eventId = body.path("event_id").asText("");
      assertThat(eventId).as("event_id of %s; body %s", context, r.body()).isNotBlank();
      return eventId;
    }
    assertThat(r.contentType()).as("content type of %s", context).contains("text/html");
    assertThat(r.body()).as("body of %s", context).contains("Request blocked");
    return null;
  }

  /**
   * Asserts one SQL-injection finding with everything a reviewer needs.
   *
   * @param secret the value is a password: it must not appear in the event at all
   */
  static void finding(JsonNode e, String action, String policyName, Http.Call call, String inputName,
      String inputValue, boolean secret, String sqlFragment) {
    String ctx = "audit event " + e;
    assertThat(e.path("event_type").asText()).as("event_type of %s", ctx).isEqualTo("finding");
    assertThat(e.path("detector").asText()).as("detector of %s", ctx).isEqualTo("sql_injection");
    assertThat(e.path("action").asText()).as("action of %s", ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as("cwe of %s", ctx).isEqualTo("CWE-89");
    assertThat(e.path("event_id").asText("")).as("event_id of %s", ctx).isNotBlank();
    assertThat(Instant.parse(e.path("timestamp").asText())).as("timestamp of %s", ctx).isNotNull();
    assertThat(e.path("policy").path("name").asText()).as("policy.name of %s", ctx).isEqualTo(policyName);
    JsonNode request = e.path("request");
    assertThat(request.path("method").asText()).as("request.method of %s", ctx).isEqualTo(call.method());
    assertThat(request.path("path").asText()).as("request.path of %s", ctx).isEqualTo(call.path());
    assertThat(request.path("client_ip").asText()).as("request.client_ip of %s", ctx).isEqualTo("127.0.0.1");
    JsonNode input = e.path("input");
    if (call.method().equals("GET")) {
      assertThat(input.path("source").asText()).as("input.source of %s", ctx).isEqualTo("parameter");
    } else {
      assertThat(input.path("source").asText()).as("input.source of %s (form field)", ctx).isIn("parameter", "body");
    }
    assertThat(input.path("name").asText()).as("input.name of %s", ctx).isEqualTo(inputName);
    if (secret) {
      assertThat(e.toString()).as("a password must never reach the audit log: %s", ctx).doesNotContain(inputValue);
    } else {
      assertThat(input.path("value").asText()).as("input.value of %s", ctx).isEqualTo(inputValue);
    }
    JsonNode sink = e.path("sink");
    assertThat(sink.path("kind").asText()).as("sink.kind of %s", ctx).isEqualTo("sql");
    assertThat(sink.path("target").asText()).as("sink.target of %s", ctx).contains(sqlFragment);
    assertThat(e.path("reason").asText("")).as("reason of %s", ctx).isNotBlank();
    JsonNode stack = e.path("stack");
    assertThat(stack.isArray() ? stack.size() > 0 : !stack.asText("").isBlank()).as("stack of %s", ctx).isTrue();
    assertThat(stack.toString()).as("stack of %s names the application's frames", ctx)
        .contains("io.palisade.demo.bookstore");
    // Trimmed: it starts at the application's own code (no pool or driver frames on top) and stops
    // before the servlet container's plumbing.
    assertThat(stack.path(0).asText()).as("first stack frame of %s", ctx).startsWith("io.palisade.demo.bookstore.");
    assertThat(stack.toString()).as("stack of %s", ctx).doesNotContain("org.apache.catalina", "com.zaxxer.hikari");
  }

  /** The agent must not change what the application answers. */
  static void sameResponse(Http.Response withAgent, Http.Response withoutAgent, String context) {
    assertThat(withAgent.status()).as("status of %s with the agent (without: %s; with: %s)", context,
        withoutAgent, withAgent).isEqualTo(withoutAgent.status());
    assertThat(withAgent.body()).as("body of %s with the agent", context).isEqualTo(withoutAgent.body());
  }

  static List<JsonNode> findings(List<JsonNode> events) {
    return Audit.requestEvents(events);
  }

  static JsonNode parse(String body, String context) {
    try {
      return AuditLogReader.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(context + ": body is not JSON: " + body, e);
    }
  }
}
