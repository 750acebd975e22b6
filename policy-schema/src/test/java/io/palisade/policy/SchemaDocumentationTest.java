package io.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The schemas are valid 2020-12 schemas and document every property. */
class SchemaDocumentationTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode read(String text) throws Exception {
        return M.readTree(text);
    }

    @Test
    void schemasAreValidAgainstTheDraft202012MetaSchema() throws Exception {
        JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema meta = f.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String text : new String[] {PolicySchema.schemaText(), AuditEventSchema.schemaText()}) {
            JsonNode schema = read(text);
            assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            Set<ValidationMessage> errors = meta.validate(schema);
            assertThat(errors).isEmpty();
        }
        // the meta-schema check is not vacuous
        assertThat(meta.validate(read("{\"type\":\"no-such-type\"}"))).isNotEmpty();
    }

    @Test
    void everyPolicyPropertyHasDescriptionAndExamples() throws Exception {
        List<String> missing = new ArrayList<>();
        walk(read(PolicySchema.schemaText()), "", true, missing);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyAuditEventFieldHasADescription() throws Exception {
        List<String> missing = new ArrayList<>();
        walk(read(AuditEventSchema.schemaText()), "", false, missing);
        assertThat(missing).isEmpty();
    }

    @Test
    void theWalkFindsUndocumentedProperties() throws Exception {
        List<String> missing = new ArrayList<>();
        walk(read("{\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"object\",\"properties\":"
                + "{\"c\":{\"description\":\"d\"}}}}}"), "", true, missing);
        assertThat(missing).containsExactly("/properties/a", "/properties/b", "/properties/b/properties/c");
    }

    /** Collects every subschema under a "properties" keyword that lacks a description (or examples). */
    private static void walk(JsonNode node, String at, boolean wantExamples, List<String> missing) {
        if (node.isObject()) {
            JsonNode props = node.get("properties");
            if (props != null && props.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = props.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode p = e.getValue();
                    // "if" conditions are not documentation
                    if (at.endsWith("/if")) {
                        continue;
                    }
                    if (!p.hasNonNull("description") || (wantExamples && !p.has("examples"))) {
                        missing.add(at + "/properties/" + e.getKey());
                    }
                }
            }
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!"examples".equals(e.getKey())) {
                    walk(e.getValue(), at + "/" + e.getKey(), wantExamples, missing);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, wantExamples, missing);
            }
        }
    }
}
