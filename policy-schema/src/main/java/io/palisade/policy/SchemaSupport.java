package io.palisade.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Loads the bundled schemas, validates documents and turns networknt messages into readable {@link PolicyError}s. */
final class SchemaSupport {
    static final String POLICY_SCHEMA = "policy.schema.json";
    static final String AUDIT_EVENT_SCHEMA = "audit-event.schema.json";

    private static final Map<String, String> PATTERN_REASONS = new HashMap<>();

    static {
        PATTERN_REASONS.put("^[/*]", "must be a path glob starting with \"/\" or \"*\", such as /api/**");
        PATTERN_REASONS.put("^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$", "must be an IP address or a CIDR range, such as 10.0.0.0/8");
    }

    private static final Map<String, JsonNode> SCHEMA_NODES = new HashMap<>();
    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    private SchemaSupport() {
    }

    /** The raw text of a bundled schema resource. */
    static InputStream open(String resource) {
        InputStream in = SchemaSupport.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("bundled schema " + resource + " is missing from the class path");
        }
        return in;
    }

    /** The parsed schema document. */
    static synchronized JsonNode schemaNode(String resource) {
        JsonNode node = SCHEMA_NODES.get(resource);
        if (node == null) {
            try (InputStream in = open(resource)) {
                node = JsonDocuments.read(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read bundled schema " + resource, e);
            }
            SCHEMA_NODES.put(resource, node);
        }
        return node;
    }

    /** The full validator's schema, built when a document is first not shown to conform. */
    static synchronized JsonSchema schema(String resource) {
        JsonSchema schema = SCHEMAS.get(resource);
        if (schema == null) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .formatAssertionsEnabled(true)
                    .build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode(resource), config);
            SCHEMAS.put(resource, schema);
        }
        return schema;
    }

    /** A PolicyError for malformed JSON, with line and column in the reason. */
    static PolicyError malformed(String file, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String msg = e.getOriginalMessage();
        if (msg == null) {
            msg = e.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        if (nl > 0) {
            msg = msg.substring(0, nl);
        }
        return new PolicyError(file, "", "malformed JSON" + where + ": " + msg);
    }

    /** Validates a document against a bundled schema; one error per violation, in document order. */
    static List<PolicyError> validate(String resource, JsonNode doc, String file) {
        JsonNode schemaDoc = schemaNode(resource);
        if (SchemaConformance.conforms(schemaDoc, doc)) {
            return new ArrayList<>();
        }
        Set<ValidationMessage> messages = schema(resource).validate(doc);
        // A value of the wrong type also fails enum/const/pattern at the same place: report the type only.
        Set<String> typeErrors = new HashSet<>();
        for (ValidationMessage m : messages) {
            if ("type".equals(m.getType())) {
                typeErrors.add(instancePointer(m));
            }
        }
        Map<String, PolicyError> unique = new LinkedHashMap<>();
        for (ValidationMessage m : messages) {
            String at = instancePointer(m);
            if (!"type".equals(m.getType()) && typeErrors.contains(at) && !"additionalProperties".equals(m.getType())
                    && !"required".equals(m.getType())) {
                continue;
            }
            PolicyError e = translate(schemaDoc, m, file);
            unique.put(e.pointer() + "\u0000" + e.reason(), e);
        }
        List<PolicyError> errors = new ArrayList<>(unique.values());
        sortInDocumentOrder(errors, doc);
        return errors;
    }

    private static String instancePointer(ValidationMessage m) {
        String p = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        return "/".equals(p) ? "" : p;
    }

    /** Sorts errors by where their pointer first appears in the document, then by reason. */
    static void sortInDocumentOrder(List<PolicyError> errors, JsonNode doc) {
        final Map<String, Integer> order = new HashMap<>();
        index(doc, "", order);
        Collections.sort(errors, (a, b) -> {
            int c = Integer.compare(rank(order, a.pointer()), rank(order, b.pointer()));
            return c != 0 ? c : a.reason().compareTo(b.reason());
        });
    }

    private static int rank(Map<String, Integer> order, String pointer) {
        String p = pointer;
        while (true) {
            Integer i = order.get(p);
            if (i != null) {
                return i;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return Integer.MAX_VALUE;
            }
            p = p.substring(0, slash);
        }
    }

    private static void index(JsonNode node, String pointer, Map<String, Integer> order) {
        order.put(pointer, order.size());
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                index(e.getValue(), pointer + "/" + escape(e.getKey()), order);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                index(node.get(i), pointer + "/" + i, order);
            }
        }
    }

    /** Escapes one RFC 6901 reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static PolicyError translate(JsonNode schemaDoc, ValidationMessage m, String file) {
        String at = instancePointer(m);
        String type = m.getType() == null ? "" : m.getType();
        JsonNode keywordParent = parentSchema(schemaDoc, m);
        switch (type) {
            case "additionalProperties": {
                String key = m.getProperty() != null ? m.getProperty() : String.valueOf(m.getArguments()[0]);
                List<String> allowed = new ArrayList<>();
                JsonNode props = keywordParent == null ? null : keywordParent.get("properties");
                if (props != null) {
                    Iterator<String> names = props.fieldNames();
                    while (names.hasNext()) {
                        String n = names.next();
                        if (!n.startsWith("$")) {
                            allowed.add(n);
                        }
                    }
                }
                boolean detectors = "/detectors".equals(at);
                StringBuilder r = new StringBuilder();
                r.append(detectors ? "unknown detector \"" : "unknown key \"").append(key).append('"');
                String suggestion = closest(key, allowed);
                if (suggestion != null) {
                    r.append(" (did you mean \"").append(suggestion).append("\"?)");
                }
                if (!allowed.isEmpty()) {
                    r.append(detectors ? "; known detectors: " : "; allowed keys: ").append(String.join(", ", allowed));
                } else {
                    r.append("; this object takes no keys");
                }
                return new PolicyError(file, at + "/" + escape(key), r.toString());
            }
            case "required": {
                String key = m.getProperty() != null ? m.getProperty() : String.valueOf(m.getArguments()[0]);
                return new PolicyError(file, at, "missing required key \"" + key + "\"");
            }
            case "enum": {
                JsonNode values = m.getSchemaNode();
                List<String> list = new ArrayList<>();
                if (values != null && values.isArray()) {
                    for (JsonNode v : values) {
                        list.add(v.isTextual() ? v.textValue() : v.toString());
                    }
                }
                return new PolicyError(file, at, "must be one of " + String.join(", ", list));
            }
            case "const": {
                JsonNode v = m.getSchemaNode();
                return new PolicyError(file, at, "must be " + (v == null ? "constant" : v.toString()));
            }
            case "type": {
                Object[] args = m.getArguments();
                String found = args != null && args.length > 0 ? String.valueOf(args[0]) : "other";
                String expected = args != null && args.length > 1 ? String.valueOf(args[1]) : null;
                if (expected == null && m.getSchemaNode() != null) {
                    expected = m.getSchemaNode().asText();
                }
                return new PolicyError(file, at, "must be " + article(expected) + ", not " + article(found));
            }
            case "minimum":
            case "maximum": {
                JsonNode min = keywordParent == null ? null : keywordParent.get("minimum");
                JsonNode max = keywordParent == null ? null : keywordParent.get("maximum");
                String what = keywordParent != null && "integer".equals(keywordParent.path("type").asText()) ? "an integer" : "a number";
                if (min != null && max != null) {
                    return new PolicyError(file, at, "must be " + what + " from " + min.asText() + " to " + max.asText());
                }
                return new PolicyError(file, at, "must be " + ("minimum".equals(type) ? "at least " : "at most ")
                        + (m.getSchemaNode() == null ? "" : m.getSchemaNode().asText()));
            }
            case "minLength": {
                int n = m.getSchemaNode() == null ? 1 : m.getSchemaNode().asInt(1);
                return new PolicyError(file, at, n <= 1 ? "must not be empty" : "must be at least " + n + " characters long");
            }
            case "minItems": {
                int n = m.getSchemaNode() == null ? 1 : m.getSchemaNode().asInt(1);
                return new PolicyError(file, at, "must contain at least " + n + (n == 1 ? " item" : " items"));
            }
            case "pattern": {
                String pattern = m.getSchemaNode() == null ? "" : m.getSchemaNode().asText();
                String r = PATTERN_REASONS.get(pattern);
                return new PolicyError(file, at, r != null ? r : "must match the pattern " + pattern);
            }
            case "format": {
                JsonNode f = m.getSchemaNode();
                return new PolicyError(file, at, "must be a valid " + (f == null ? "value" : f.asText()));
            }
            default: {
                String msg = m.getMessage() == null ? type : m.getMessage();
                String prefix = at + ": ";
                if (msg.startsWith(prefix)) {
                    msg = msg.substring(prefix.length());
                } else if (msg.startsWith(": ")) {
                    msg = msg.substring(2);
                }
                return new PolicyError(file, at, msg);
            }
        }
    }

    /** The schema object that holds the failed keyword, found through the message's schema location. */
    private static JsonNode parentSchema(JsonNode schemaDoc, ValidationMessage m) {
        if (m.getSchemaLocation() == null) {
            return null;
        }
        String loc = m.getSchemaLocation().toString();
        int hash = loc.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String fragment = loc.substring(hash + 1);
        int slash = fragment.lastIndexOf('/');
        if (slash < 0) {
            return schemaDoc;
        }
        try {
            JsonNode n = schemaDoc.at(fragment.substring(0, slash));
            return n.isMissingNode() ? null : n;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String article(String jsonType) {
        if (jsonType == null) {
            return "a different type";
        }
        switch (jsonType) {
            case "integer": return "an integer";
            case "object": return "an object";
            case "array": return "an array";
            case "null": return "null";
            default: return "a " + jsonType;
        }
    }

    /** The allowed name closest to a misspelt one (edit distance at most 2, or a case difference), or null. */
    static String closest(String key, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
        for (String a : allowed) {
            int d = distance(k, a.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        int limit = Math.min(2, Math.max(1, key.length() / 3));
        return bestDistance <= limit ? best : null;
    }

    private static int distance(String a, String b) {
        // Damerau-Levenshtein (optimal string alignment): a transposition counts as one edit.
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
