package io.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Map;

/**
 * Generates {@code REFERENCE.md} from the policy schema: one row per key, with its path, type,
 * constraints, description and first example, so the reference can never say something the schema
 * does not. {@code main(OUT)} writes it; {@code SchemaReferenceTest} fails when the file is stale.
 */
public final class SchemaReference {
    private SchemaReference() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "REFERENCE.md");
        Files.write(out, generate().getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    public static String generate() throws IOException {
        JsonNode schema = SchemaSupport.schemaNode(SchemaSupport.POLICY_SCHEMA);
        StringBuilder md = new StringBuilder();
        md.append("# Palisade policy reference\n\n")
                .append("Generated from `src/main/resources/io/palisade/policy/policy.schema.json` by `SchemaReference`; ")
                .append("do not edit by hand (`SchemaReferenceTest` fails when this file and the schema differ, and ")
                .append("prints the command that regenerates it). The guide with examples is `README.md`.\n\n")
                .append(oneLine(schema.path("description").asText())).append("\n\n")
                .append("| key | type | constraints | description | example |\n| --- | --- | --- | --- | --- |\n");
        walk(schema, schema, "", md);
        return md.toString();
    }

    private static void walk(JsonNode root, JsonNode node, String prefix, StringBuilder md) {
        JsonNode properties = node.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = prefix + field.getKey();
            JsonNode declared = field.getValue();
            JsonNode resolved = resolve(root, declared);
            row(md, key, declared, resolved);
            if (resolved.path("properties").size() > 0) {
                walk(root, resolved, key + ".", md);
            }
            JsonNode items = resolve(root, resolved.path("items"));
            if (items.path("properties").size() > 0) {
                walk(root, items, key + "[].", md);
            }
        }
    }

    private static void row(StringBuilder md, String key, JsonNode declared, JsonNode resolved) {
        String description = declared.has("description") ? declared.path("description").asText()
                : resolved.path("description").asText();
        JsonNode examples = declared.has("examples") ? declared.path("examples") : resolved.path("examples");
        md.append("| `").append(key).append("` | ").append(type(resolved)).append(" | ").append(cell(constraints(resolved)))
                .append(" | ").append(cell(description)).append(" | ")
                .append(examples.size() > 0 ? "`" + examples.get(0).toString().replace("|", "\\|") + "`" : "")
                .append(" |\n");
    }

    private static String type(JsonNode n) {
        if (n.has("enum")) {
            return "enum";
        }
        if (n.has("const")) {
            return "const";
        }
        String type = n.path("type").asText("any");
        if ("array".equals(type) && n.path("items").has("type")) {
            return "array of " + n.path("items").path("type").asText();
        }
        return type;
    }

    private static String constraints(JsonNode n) {
        StringBuilder c = new StringBuilder();
        if (n.has("enum")) {
            c.append("one of ");
            for (int i = 0; i < n.path("enum").size(); i++) {
                c.append(i == 0 ? "" : ", ").append('`').append(n.path("enum").get(i).asText()).append('`');
            }
        }
        if (n.has("const")) {
            c.append("`").append(n.path("const").toString()).append("`");
        }
        append(c, n, "minimum", "≥ ");
        append(c, n, "maximum", "≤ ");
        append(c, n, "minLength", "length ≥ ");
        append(c, n, "pattern", "pattern ");
        if (n.has("required")) {
            c.append(c.length() > 0 ? "; " : "").append("requires ");
            for (int i = 0; i < n.path("required").size(); i++) {
                c.append(i == 0 ? "" : ", ").append('`').append(n.path("required").get(i).asText()).append('`');
            }
        }
        return c.toString();
    }

    private static void append(StringBuilder c, JsonNode n, String field, String label) {
        if (n.has(field)) {
            String value = n.path(field).asText();
            c.append(c.length() > 0 ? "; " : "").append(label).append("pattern".equals(field) ? "`" + value + "`" : value);
        }
    }

    /** A local {@code $ref} ({@code #/$defs/x}) followed, with the referring node's own keys on top. */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        if (node.has("$ref") && node.path("$ref").asText().startsWith("#/")) {
            JsonNode target = root.at(node.path("$ref").asText().substring(1));
            if (!target.isMissingNode()) {
                com.fasterxml.jackson.databind.node.ObjectNode merged = target.deepCopy();
                node.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("$ref")) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
                return merged;
            }
        }
        return node;
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private static String oneLine(String text) {
        return text.replace("\r", " ").replace("\n", " ");
    }
}
