package io.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuditSettings settings() {
    return AuditSettings.builder().path(Paths.get("unused.jsonl")).build();
  }

  static AuditEvent.Builder fullEvent() {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("file", "prod.json");
    error.put("pointer", "/mode");
    error.put("reason", "mode must be block, monitor or off");
    return AuditEvent.builder()
        .timestamp(Instant.parse("2026-11-28T12:00:00.123456Z"))
        .eventId("0b9f6c1e-1111-2222-3333-444455556666")
        .eventType("finding")
        .detector("sql_injection")
        .action("blocked")
        .severity("critical")
        .cwe("CWE-89")
        .policy("prod", "abc123")
        .request("GET", "/books", "127.0.0.1", null)
        .input("parameter", "id", "1 OR 1=1")
        .sink("sql", "java.sql.Statement.executeQuery", "SELECT * FROM books WHERE id=1 OR 1=1")
        .reason("The value of parameter id changed the structure of the SQL statement.")
        .stack(Collections.singletonList("com.example.BookServlet.doGet(BookServlet.java:42)"))
        .service("bookstore", "host1", 1234)
        .agentVersion("0.1.0")
        .responseCommitted(false)
        .errors(Collections.singletonList(error));
  }

  @Test
  void everyFieldHasItsNameAndNesting() {
    String json = AuditJson.toJson(fullEvent().build(), settings());
    assertThat(json)
        .isEqualTo(
            "{\"timestamp\":\"2026-11-28T12:00:00.123Z\","
                + "\"event_id\":\"0b9f6c1e-1111-2222-3333-444455556666\","
                + "\"event_type\":\"finding\",\"detector\":\"sql_injection\",\"action\":\"blocked\","
                + "\"severity\":\"critical\",\"cwe\":\"CWE-89\","
                + "\"policy\":{\"name\":\"prod\",\"sha256\":\"abc123\"},"
                + "\"request\":{\"method\":\"GET\",\"path\":\"/books\",\"client_ip\":\"127.0.0.1\",\"user\":null},"
                + "\"input\":{\"source\":\"parameter\",\"name\":\"id\",\"value\":\"1 OR 1=1\"},"
                + "\"sink\":{\"kind\":\"sql\",\"method\":\"java.sql.Statement.executeQuery\","
                + "\"target\":\"SELECT * FROM books WHERE id=1 OR 1=1\"},"
                + "\"reason\":\"The value of parameter id changed the structure of the SQL statement.\","
                + "\"stack\":[\"com.example.BookServlet.doGet(BookServlet.java:42)\"],"
                + "\"service\":{\"name\":\"bookstore\",\"host\":\"host1\",\"pid\":1234},"
                + "\"agent\":{\"version\":\"0.1.0\"},"
                + "\"response_committed\":false,"
                + "\"errors\":[{\"file\":\"prod.json\",\"pointer\":\"/mode\","
                + "\"reason\":\"mode must be block, monitor or off\"}]}");
  }

  @Test
  void absentOptionalFieldsAreOmittedButUserIsNull() throws Exception {
    AuditEvent e =
        AuditEvent.builder().eventType("policy_loaded").policy("prod", "abc").agentVersion("0.1.0").build();
    JsonNode n = JSON.readTree(AuditJson.toJson(e, settings()));
    assertThat(fieldNames(n)).containsExactly("timestamp", "event_id", "event_type", "policy", "agent");

    JsonNode withRequest =
        JSON.readTree(AuditJson.toJson(AuditEvent.builder().request("GET", "/", null, null).build(), settings()));
    assertThat(withRequest.get("event_type").asText()).isEqualTo("finding");
    assertThat(fieldNames(withRequest.get("request"))).containsExactly("method", "path", "user");
    assertThat(withRequest.get("request").get("user").isNull()).isTrue();

    JsonNode withUser =
        JSON.readTree(AuditJson.toJson(AuditEvent.builder().request("GET", "/", "::1", "alice").build(), settings()));
    assertThat(withUser.get("request").get("user").asText()).isEqualTo("alice");
  }

  @Test
  void builderGeneratesIdAndTimestampWithMillisecondsInUtc() throws Exception {
    AuditEvent a = AuditEvent.builder().build();
    AuditEvent b = AuditEvent.builder().build();
    assertThat(a.eventId()).isNotEqualTo(b.eventId());
    assertThat(java.util.UUID.fromString(a.eventId()).toString()).isEqualTo(a.eventId());
    JsonNode n = JSON.readTree(AuditJson.toJson(a, settings()));
    assertThat(n.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    AuditEvent whole = AuditEvent.builder().timestamp(Instant.parse("2026-01-02T03:04:05Z")).build();
    assertThat(JSON.readTree(AuditJson.toJson(whole, settings())).get("timestamp").asText())
        .isEqualTo("2026-01-02T03:04:05.000Z");
  }

  @Test
  void inputValueOfASecretNameIsRedacted() throws Exception {
    AuditEvent e = fullEvent().input("header", "Authorization", "Bearer eyJhbGciOi").build();
    JsonNode n = JSON.readTree(AuditJson.toJson(e, settings()));
    assertThat(n.get("input").get("value").asText()).isEqualTo("[REDACTED]");
    assertThat(n.get("input").get("name").asText()).isEqualTo("Authorization");
  }

  @Test
  void extraNamesFromSettingsAreRedacted() throws Exception {
    AuditSettings s =
        AuditSettings.builder().path(Paths.get("x.jsonl")).redact(Arrays.asList("Remember-Me")).build();
    AuditEvent e = fullEvent().input("cookie", "remember-me", "a1b2c3d4").build();
    JsonNode n = JSON.readTree(AuditJson.toJson(e, s));
    assertThat(n.get("input").get("value").asText()).isEqualTo("[REDACTED]");
    // without the extra name it would be logged
    assertThat(JSON.readTree(AuditJson.toJson(e, settings())).get("input").get("value").asText())
        .isEqualTo("a1b2c3d4");
  }

  @Test
  void secretValuesNeverAppearInTargetReasonOrValue() {
    AuditEvent e =
        fullEvent()
            .input("parameter", "user", "admin' -- s3cr3t-pw")
            .sink("sql", "java.sql.Statement.executeQuery",
                "SELECT * FROM users WHERE user='admin' -- s3cr3t-pw' AND pw='s3cr3t-pw'")
            .reason("The value of user (admin' -- s3cr3t-pw) commented out the password check.")
            .secretValues(Arrays.asList("s3cr3t-pw", "no"))
            .build();
    String json = AuditJson.toJson(e, settings());
    assertThat(json).doesNotContain("s3cr3t-pw");
    assertThat(json).contains("\"target\":\"SELECT * FROM users WHERE user='admin' -- [REDACTED]' AND pw='[REDACTED]'\"");
    assertThat(json).contains("\"value\":\"admin' -- [REDACTED]\"");
    assertThat(json).contains("commented out the password check"); // "no" is too short to search
  }

  @Test
  void valueAndTargetAreTruncatedAfterRedaction() throws Exception {
    AuditSettings s = AuditSettings.builder().path(Paths.get("x.jsonl")).maxValueLength(20).build();
    String longTarget = "SELECT * FROM t WHERE x='topsecretvalue' AND y='" + "z".repeat(100) + "'";
    AuditEvent e =
        fullEvent()
            .input("parameter", "q", "q".repeat(50))
            .sink("sql", "m", longTarget)
            .reason("r".repeat(300))
            .secretValues(Collections.singletonList("topsecretvalue"))
            .build();
    JsonNode n = JSON.readTree(AuditJson.toJson(e, s));
    assertThat(n.get("input").get("value").asText()).isEqualTo("q".repeat(20) + "\u2026[+30 chars]");
    String redacted = "SELECT * FROM t WHERE x='[REDACTED]' AND y='" + "z".repeat(100) + "'";
    assertThat(n.get("sink").get("target").asText())
        .isEqualTo(redacted.substring(0, 20) + "\u2026[+" + (redacted.length() - 20) + " chars]");
    assertThat(n.get("reason").asText()).hasSize(300); // reason is not truncated
  }

  @Test
  void controlCharactersAndLoneSurrogatesStayOnOneLine() throws Exception {
    AuditEvent e = fullEvent().input("parameter", "q", "a\nb\r\u2028\uD800c\u0000").build();
    String json = AuditJson.toJson(e, settings());
    assertThat(json).doesNotContain("\n").doesNotContain("\r");
    assertThat(JSON.readTree(json).get("input").get("value").asText()).startsWith("a\nb\r");
  }

  private static java.util.List<String> fieldNames(JsonNode n) {
    java.util.List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void anAccessRefusalHasItsAccessObjectAnEmptyStackAndNoSecret() throws Exception {
    Map<String, String> access = new LinkedHashMap<>();
    access.put("rule", "orders");
    access.put("requirement", "jwt");
    access.put("status", "401");
    access.put("sub", "eyJ-the-token");
    AuditEvent e = AuditEvent.builder()
        .detector("unauthorized_access")
        .sink("access", "request entry", "GET /orders")
        .reason("Access rule orders refused the request: bad token eyJ-the-token.")
        .access(access)
        .secretValues(Collections.singletonList("eyJ-the-token"))
        .build();
    JsonNode n = JSON.readTree(AuditJson.toJson(e, settings()));
    assertThat(n.get("access").get("rule").asText()).isEqualTo("orders");
    assertThat(n.get("access").get("status").asText()).isEqualTo("401");
    assertThat(n.get("stack").isArray()).isTrue();
    assertThat(n.get("stack")).isEmpty();
    assertThat(n.toString()).doesNotContain("eyJ-the-token");
    assertThat(JSON.readTree(AuditJson.toJson(AuditEvent.builder().build(), settings())).has("access")).isFalse();
  }
}
