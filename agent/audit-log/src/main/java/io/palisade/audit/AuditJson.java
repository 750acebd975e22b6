package io.palisade.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Serializes an {@link AuditEvent} to one JSON line, after redaction and truncation. */
public final class AuditJson {

  /** The JSON is written field by field: a plain factory, no ObjectMapper (hundreds of classes at start-up). */
  private static final JsonFactory FACTORY = new JsonFactory();

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AuditJson() {}

  /**
   * The event as the log holds it: one JSON object without a line terminator, with
   * {@code input.value} redacted when its name is secret, every secret value replaced inside
   * {@code sink.target}, {@code reason} and {@code input.value}, then {@code input.value} and
   * {@code sink.target} truncated to the settings' maximum length.
   */
  public static String toJson(AuditEvent event, AuditSettings settings) {
    try {
      return serialize(event, settings);
    } catch (IOException e) {
      // A StringWriter does not fail; Jackson only throws here on a programming error.
      throw new UncheckedIOException(e);
    }
  }

  private static String serialize(AuditEvent e, AuditSettings s) throws IOException {
    List<String> secrets = e.secretValues();
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", TIMESTAMP.format(e.timestamp()));
      g.writeStringField("event_id", e.eventId());
      g.writeStringField("event_type", e.eventType());
      opt(g, "detector", e.detector());
      opt(g, "action", e.action());
      opt(g, "severity", e.severity());
      opt(g, "cwe", e.cwe());
      if (e.hasPolicy()) {
        g.writeObjectFieldStart("policy");
        opt(g, "name", e.policyName());
        opt(g, "sha256", e.policySha256());
        g.writeEndObject();
      }
      if (e.previousPolicySha256() != null || e.previousPolicyName() != null) {
        g.writeObjectFieldStart("previous_policy");
        opt(g, "name", e.previousPolicyName());
        opt(g, "sha256", e.previousPolicySha256());
        g.writeEndObject();
      }
      if (e.count() != null) {
        g.writeNumberField("count", e.count());
        if (e.firstSeen() != null) {
          g.writeStringField("first_seen", TIMESTAMP.format(e.firstSeen()));
        }
      }
      if (e.hasRequest()) {
        g.writeObjectFieldStart("request");
        opt(g, "method", e.requestMethod());
        opt(g, "path", e.requestPath());
        opt(g, "client_ip", e.clientIp());
        opt(g, "peer_ip", e.peerIp());
        opt(g, "forwarded_for_ignored", e.forwardedIgnored());
        g.writeStringField("user", e.user()); // null when unknown, never omitted
        g.writeEndObject();
      }
      if (e.hasInput()) {
        g.writeObjectFieldStart("input");
        opt(g, "source", e.inputSource());
        opt(g, "name", e.inputName());
        String value = e.inputValue();
        if (value != null) {
          if (Redaction.isSecretName(e.inputName(), s.redact())) {
            value = Redaction.REDACTED;
          } else {
            value = Redaction.truncate(Redaction.redactValues(value, secrets), s.maxValueLength());
          }
        }
        opt(g, "value", value);
        opt(g, "part", e.inputPart());
        opt(g, "decoding", e.inputDecoding());
        g.writeEndObject();
      }
      if (e.hasSink()) {
        g.writeObjectFieldStart("sink");
        opt(g, "kind", e.sinkKind());
        opt(g, "method", e.sinkMethod());
        opt(g, "target",
            Redaction.truncate(Redaction.redactValues(e.sinkTarget(), secrets), s.maxValueLength()));
        g.writeEndObject();
      }
      opt(g, "reason", Redaction.redactValues(e.reason(), secrets));
      if (!e.stack().isEmpty() || e.access() != null) {
        g.writeArrayFieldStart("stack");
        for (String frame : e.stack()) {
          g.writeString(frame);
        }
        g.writeEndArray();
      }
      if (e.hasService()) {
        g.writeObjectFieldStart("service");
        opt(g, "name", e.serviceName());
        opt(g, "host", e.serviceHost());
        if (e.servicePid() != null) {
          g.writeNumberField("pid", e.servicePid());
        }
        g.writeEndObject();
      }
      if (e.agentVersion() != null) {
        g.writeObjectFieldStart("agent");
        g.writeStringField("version", e.agentVersion());
        g.writeEndObject();
      }
      if (e.responseCommitted() != null) {
        g.writeBooleanField("response_committed", e.responseCommitted());
      }
      if (e.access() != null) {
        g.writeObjectFieldStart("access");
        for (Map.Entry<String, String> f : e.access().entrySet()) {
          if (f.getKey() != null) {
            opt(g, f.getKey(), Redaction.redactValues(f.getValue(), secrets));
          }
        }
        g.writeEndObject();
      }
      if (e.errors() != null) {
        g.writeArrayFieldStart("errors");
        for (Map<String, String> err : e.errors()) {
          g.writeStartObject();
          for (Map.Entry<String, String> f : err.entrySet()) {
            if (f.getKey() != null) {
              opt(g, f.getKey(), f.getValue());
            }
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    return out.toString();
  }

  private static void opt(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
