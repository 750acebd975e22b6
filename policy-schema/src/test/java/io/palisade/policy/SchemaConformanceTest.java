package io.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lean check may only say "conforms" where the full validator finds no error: checked on the
 * example policies and on thousands of mutations of them (each value replaced by values of every JSON
 * type, each key removed, an unknown key added to each object).
 */
class SchemaConformanceTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final JsonNode schema = SchemaSupport.schemaNode(SchemaSupport.POLICY_SCHEMA);

    @Test
    void theExamplePoliciesTakeTheFastPath() throws IOException {
        for (JsonNode example : examples()) {
            assertThat(SchemaConformance.conforms(schema, example)).isTrue();
            assertThat(fullValidatorErrors(example)).isEmpty();
        }
        JsonNode minimal = JsonDocuments.read("{\"version\": 1, \"mode\": \"block\"}".getBytes());
        assertThat(SchemaConformance.conforms(schema, minimal)).isTrue();
    }

    @Test
    void neverSaysConformsWhereTheFullValidatorFindsAnError() throws IOException {
        int mutations = 0;
        int conforming = 0;
        int invalid = 0;
        for (JsonNode example : examples()) {
            for (JsonNode mutated : mutationsOf(example)) {
                mutations++;
                boolean fast = SchemaConformance.conforms(schema, mutated);
                boolean full = fullValidatorErrors(mutated).isEmpty();
                if (fast) {
                    conforming++;
                    assertThat(full).as("the full validator rejects what the lean check passed: %s", mutated).isTrue();
                }
                if (!full) {
                    invalid++;
                }
            }
        }
        // The corpus holds both kinds in number, so the assertion above was exercised both ways.
        assertThat(mutations).isGreaterThan(1000);
        assertThat(invalid).isGreaterThan(mutations / 3);
        assertThat(conforming).isGreaterThan(100);
    }

    @Test
    void leavesWhatItDoesNotKnowToTheFullValidator() throws IOException {
        JsonNode doc = JsonDocuments.read("{\"a\": 1.0}".getBytes());
        JsonNode integer = JsonDocuments.read(
                "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\"}}}".getBytes());
        JsonNode unknownKeyword = JsonDocuments.read("{\"type\": \"object\", \"dependentRequired\": {}}".getBytes());
        JsonNode remoteRef = JsonDocuments.read("{\"$ref\": \"https://example.com/schema\"}".getBytes());
        assertThat(SchemaConformance.conforms(integer, doc)).isFalse();
        assertThat(SchemaConformance.conforms(unknownKeyword, doc)).isFalse();
        assertThat(SchemaConformance.conforms(remoteRef, doc)).isFalse();
    }

    @Test
    void readsDocumentsAsTheMapperDid() throws IOException {
        String text = "{\"a\": [1, 2147483648, 12345678901234567890, 1.5, \"x\", true, null, {}], \"b\": {\"c\": \"\\u00e9\"}}";
        ObjectMapper mapper = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        assertThat(JsonDocuments.read(text.getBytes("UTF-8"))).isEqualTo(mapper.readTree(text));
        // Duplicate keys and trailing content are refused, as that mapper refuses them.
        assertThatThrownBy(() -> JsonDocuments.read("{\"a\": 1, \"a\": 2}".getBytes("UTF-8")))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonDocuments.read("{} {}".getBytes("UTF-8"))).isInstanceOf(JsonProcessingException.class);
        assertThat(JsonDocuments.read("  ".getBytes()).isMissingNode()).isTrue();
    }

    private List<JsonNode> fullValidatorErrors(JsonNode doc) {
        return new ArrayList<>(SchemaSupport.schema(SchemaSupport.POLICY_SCHEMA).validate(doc).stream()
                .map(m -> (JsonNode) NODES.textNode(m.getMessage())).collect(java.util.stream.Collectors.toList()));
    }

    private static List<JsonNode> examples() throws IOException {
        List<JsonNode> examples = new ArrayList<>();
        for (String name : Arrays.asList("dev.json", "staging.json", "prod.json")) {
            Path path = Paths.get("examples", name);
            examples.add(JsonDocuments.read(Files.readAllBytes(path)));
        }
        return examples;
    }

    /** Every value replaced by one of several of each JSON type, every key removed, a key added to every object. */
    private static List<JsonNode> mutationsOf(JsonNode document) {
        List<JsonNode> out = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        collectPointers(document, "", pointers);
        JsonNode[] replacements = {
            NODES.textNode(""), NODES.textNode("x"), NODES.textNode("/api/**"), NODES.textNode("10.0.0.0/8"),
            NODES.textNode("block"), NODES.numberNode(0), NODES.numberNode(1), NODES.numberNode(-1),
            NODES.numberNode(403), NODES.numberNode(1.5), NODES.numberNode(2.0), NODES.numberNode(100000),
            NODES.booleanNode(true), NODES.nullNode(), NODES.objectNode(), NODES.arrayNode(),
            NODES.arrayNode().add("x"), NODES.objectNode().put("zzz", 1)
        };
        for (String pointer : pointers) {
            if (pointer.isEmpty()) {
                continue;
            }
            for (JsonNode replacement : replacements) {
                JsonNode copy = document.deepCopy();
                replace(copy, pointer, replacement);
                out.add(copy);
            }
            JsonNode removed = document.deepCopy();
            remove(removed, pointer);
            out.add(removed);
            JsonNode target = document.at(pointer);
            if (target.isObject()) {
                JsonNode added = document.deepCopy();
                ((ObjectNode) added.at(pointer)).put("unexpected_key", "x");
                out.add(added);
            }
        }
        return out;
    }

    private static void collectPointers(JsonNode node, String pointer, List<String> into) {
        into.add(pointer);
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                collectPointers(node.get(name), pointer + "/" + SchemaSupport.escape(name), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectPointers(node.get(i), pointer + "/" + i, into);
            }
        }
    }

    private static void replace(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value.deepCopy());
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value.deepCopy());
        }
    }

    private static void remove(JsonNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
        }
    }
}
