package io.palisade.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;

/** Validates audit events against the bundled {@code audit-event.schema.json} (for tests and log pipelines). */
public final class AuditEventSchema {
    /** Class-path resource name of the audit event schema, relative to this package. */
    public static final String RESOURCE = SchemaSupport.AUDIT_EVENT_SCHEMA;

    private AuditEventSchema() {
    }

    /** Errors of one event (one JSON Lines line); empty when valid. Never throws for bad input. */
    public static List<PolicyError> validate(String jsonLine) {
        if (jsonLine == null) {
            return Collections.singletonList(new PolicyError("", "", "no event"));
        }
        try {
            return validate(JsonDocuments.read(jsonLine.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            return Collections.singletonList(SchemaSupport.malformed("", e));
        } catch (IOException e) {
            return Collections.singletonList(new PolicyError("", "", "cannot read the event: " + e.getMessage()));
        }
    }

    /** Errors of one parsed event; empty when valid. */
    public static List<PolicyError> validate(JsonNode event) {
        if (event == null || event.isMissingNode()) {
            return Collections.singletonList(new PolicyError("", "", "no event"));
        }
        return SchemaSupport.validate(RESOURCE, event, "");
    }

    /** The schema text, e.g. to publish it next to the log. */
    public static String schemaText() {
        try (InputStream in = SchemaSupport.open(RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
