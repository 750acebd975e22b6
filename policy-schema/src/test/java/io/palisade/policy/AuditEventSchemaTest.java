package io.palisade.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class AuditEventSchemaTest {
    private static final ObjectMapper M = new ObjectMapper();

    static final String FINDING = "{"
            + "\"timestamp\":\"2026-11-28T12:00:00.123Z\","
            + "\"event_id\":\"01JDX3R8W7Q6K1V5B9N2M4T0ZC\","
            + "\"event_type\":\"finding\","
            + "\"detector\":\"sql_injection\","
            + "\"action\":\"blocked\","
            + "\"severity\":\"critical\","
            + "\"cwe\":\"CWE-89\","
            + "\"policy\":{\"name\":\"prod\",\"sha256\":\"2430f1a2ad2982d0067885488a4c89e21ad1d7c83b115ba8f1b20acc88dfaea8\"},"
            + "\"request\":{\"method\":\"GET\",\"path\":\"/books/search\",\"client_ip\":\"203.0.113.7\",\"user\":null},"
            + "\"input\":{\"source\":\"parameter\",\"name\":\"q\",\"value\":\"' OR '1'='1\"},"
            + "\"sink\":{\"kind\":\"sql\",\"method\":\"java.sql.Statement#executeQuery\",\"target\":\"SELECT * FROM books WHERE title = '' OR '1'='1'\"},"
            + "\"reason\":\"Parameter q closed a string literal and added an OR condition.\","
            + "\"stack\":[\"com.example.BookDao.search(BookDao.java:42)\"],"
            + "\"service\":{\"name\":\"bookstore\",\"host\":\"web-1\",\"pid\":4242},"
            + "\"agent\":{\"version\":\"0.1.0\"},"
            + "\"response_committed\":false}";

    @Test
    void validFinding() {
        assertThat(AuditEventSchema.validate(FINDING)).isEmpty();
    }

    @Test
    void validAccessRefusal() throws Exception {
        ObjectNode e = (ObjectNode) M.readTree(FINDING);
        e.put("detector", "unauthorized_access").put("cwe", "CWE-284").put("severity", "high");
        e.putObject("input").put("source", "path").put("name", "path").put("value", "/admin/users");
        e.putObject("sink").put("kind", "access").put("method", "request entry").put("target", "GET /admin/users");
        e.putArray("stack");
        e.putObject("access").put("rule", "admin-area").put("requirement", "jwt").put("status", "403")
                .put("sub", "user-42").put("jti", "t-1");
        assertThat(AuditEventSchema.validate(e)).isEmpty();
        ((ObjectNode) e.get("access")).put("status", "500").put("requirement", "vibes");
        assertThat(AuditEventSchema.validate(e)).extracting(PolicyError::pointer)
                .containsExactlyInAnyOrder("/access/requirement", "/access/status");
    }

    @Test
    void validPolicyEvents() throws Exception {
        String loaded = "{\"timestamp\":\"2026-11-28T12:00:00Z\",\"event_id\":\"e1\",\"event_type\":\"policy_loaded\","
                + "\"policy\":{\"name\":\"default (no policy file)\",\"sha256\":\"" + Policy.defaults().sha256() + "\"},"
                + "\"service\":{\"name\":\"s\",\"host\":\"h\",\"pid\":1},\"agent\":{\"version\":\"0.1.0\"}}";
        assertThat(AuditEventSchema.validate(loaded)).isEmpty();
        ObjectNode error = (ObjectNode) M.readTree(loaded);
        error.put("event_type", "policy_error");
        error.putArray("errors").addObject().put("file", "prod.json").put("pointer", "/mode").put("reason", "must be one of block, monitor, off");
        assertThat(AuditEventSchema.validate(error)).isEmpty();
    }

    @Test
    void invalidFinding() throws Exception {
        ObjectNode e = (ObjectNode) M.readTree(FINDING);
        e.put("action", "deleted");
        e.put("timestamp", "28/11/2026 12:00");
        e.remove("cwe");
        ((ObjectNode) e.get("input")).put("source", "query");
        ((ObjectNode) e.get("service")).put("pid", "4242");
        ((ObjectNode) e.get("request")).remove("client_ip");
        assertThat(AuditEventSchema.validate(e)).extracting(PolicyError::pointer, PolicyError::reason).containsExactly(
                tuple("", "missing required key \"cwe\""),
                tuple("/timestamp", "must match the pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$"),
                tuple("/action", "must be one of blocked, blocked_after_commit, sanitized, monitored"),
                tuple("/request", "missing required key \"client_ip\""),
                tuple("/input/source", "must be one of parameter, header, cookie, path, body"),
                tuple("/service/pid", "must be an integer, not a string"));
    }

    @Test
    void findingFieldsAreRequiredOnlyForFindings() throws Exception {
        ObjectNode e = (ObjectNode) M.readTree(FINDING);
        for (String f : new String[] {"detector", "action", "severity", "cwe", "request", "input", "sink", "reason", "stack"}) {
            e.remove(f);
        }
        assertThat(AuditEventSchema.validate(e)).extracting(PolicyError::reason).hasSize(9)
                .allMatch(r -> r.startsWith("missing required key"));
        // An egress finding (detector ssrf) may lack request and input: no request value chose its URL.
        ObjectNode egress = (ObjectNode) M.readTree(FINDING);
        egress.put("detector", "ssrf");
        egress.remove("input");
        egress.remove("request");
        assertThat(AuditEventSchema.validate(egress)).isEmpty();
        ObjectNode sql = (ObjectNode) M.readTree(FINDING);
        sql.remove("input");
        assertThat(AuditEventSchema.validate(sql)).extracting(PolicyError::reason).containsExactly("missing required key \"input\"");
        e.put("event_type", "policy_loaded");
        assertThat(AuditEventSchema.validate(e)).isEmpty();
        e.remove("agent");
        assertThat(AuditEventSchema.validate(e)).extracting(PolicyError::pointer, PolicyError::reason)
                .containsExactly(tuple("", "missing required key \"agent\""));
    }

    @Test
    void malformedLine() {
        assertThat(AuditEventSchema.validate("{\"timestamp\":")).hasSize(1)
                .allMatch(err -> err.reason().startsWith("malformed JSON at line 1"));
    }
}
