package io.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tells whether a document certainly conforms to a JSON Schema (2020-12) written with the keywords
 * Palisade's schemas use, without the full validator. A valid policy is the common case at start-up,
 * and the full validator's cold start (its meta-schemas, several hundred classes) costs the
 * application's start about a tenth of a second of CPU for a yes.
 *
 * <p>It answers {@link Verdict#CONFORMS} only where the full validator would find no error, {@link
 * Verdict#VIOLATES} only where it would find one, and {@link Verdict#UNSURE} wherever the two might
 * differ (a keyword it does not know, a number written as {@code 1.0} where an integer is due, a
 * reference outside the document). Only a yes is used: anything else goes to the full validator, which
 * names each error as before.
 */
final class SchemaConformance {
    enum Verdict { CONFORMS, VIOLATES, UNSURE }

    /** Keywords that only annotate: they never fail a document. */
    private static final Set<String> ANNOTATIONS = new HashSet<>(Arrays.asList(
            "$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default", "deprecated"));
    private static final Set<String> ASSERTIONS = new HashSet<>(Arrays.asList(
            "$ref", "type", "enum", "const", "properties", "additionalProperties", "required", "minProperties",
            "maxProperties", "items", "minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum",
            "maximum", "anyOf", "oneOf", "allOf", "not"));

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final JsonNode root;

    private SchemaConformance(JsonNode root) {
        this.root = root;
    }

    /** True only when {@code document} certainly conforms to {@code schema} (a whole schema document). */
    static boolean conforms(JsonNode schema, JsonNode document) {
        try {
            return new SchemaConformance(schema).check(schema, document, 0) == Verdict.CONFORMS;
        } catch (RuntimeException | StackOverflowError unsure) {
            return false;
        }
    }

    private Verdict check(JsonNode schema, JsonNode instance, int depth) {
        if (depth > 64) {
            return Verdict.UNSURE;
        }
        if (schema.isBoolean()) {
            return schema.booleanValue() ? Verdict.CONFORMS : Verdict.VIOLATES;
        }
        if (!schema.isObject()) {
            return Verdict.UNSURE;
        }
        Verdict verdict = Verdict.CONFORMS;
        Iterator<Map.Entry<String, JsonNode>> keywords = schema.fields();
        while (keywords.hasNext()) {
            Map.Entry<String, JsonNode> keyword = keywords.next();
            String name = keyword.getKey();
            if (ANNOTATIONS.contains(name)) {
                continue;
            }
            if (!ASSERTIONS.contains(name)) {
                return Verdict.UNSURE;
            }
            Verdict one = keyword(name, keyword.getValue(), schema, instance, depth);
            if (one == Verdict.UNSURE) {
                return Verdict.UNSURE;
            }
            if (one == Verdict.VIOLATES) {
                verdict = Verdict.VIOLATES; // go on: a later keyword may still be one it cannot judge
            }
        }
        return verdict;
    }

    private Verdict keyword(String name, JsonNode value, JsonNode schema, JsonNode instance, int depth) {
        switch (name) {
            case "$ref":
                return ref(value, instance, depth);
            case "type":
                return type(value, instance);
            case "enum":
                return oneOfValues(value, instance);
            case "const":
                return equal(value, instance);
            case "properties":
            case "additionalProperties":
                return instance.isObject() ? properties(name, value, schema, instance, depth) : Verdict.CONFORMS;
            case "required":
                return required(value, instance);
            case "minProperties":
                return !instance.isObject() ? Verdict.CONFORMS : bound(instance.size() >= value.asInt(-1), value);
            case "maxProperties":
                return !instance.isObject() ? Verdict.CONFORMS : bound(instance.size() <= value.asInt(-1), value);
            case "items":
                return items(value, instance, depth);
            case "minItems":
                return !instance.isArray() ? Verdict.CONFORMS : bound(instance.size() >= value.asInt(-1), value);
            case "maxItems":
                return !instance.isArray() ? Verdict.CONFORMS : bound(instance.size() <= value.asInt(-1), value);
            case "minLength":
                return !instance.isTextual() ? Verdict.CONFORMS : bound(length(instance) >= value.asInt(-1), value);
            case "maxLength":
                return !instance.isTextual() ? Verdict.CONFORMS : bound(length(instance) <= value.asInt(-1), value);
            case "pattern":
                return pattern(value, instance);
            case "minimum":
                return !instance.isNumber() ? Verdict.CONFORMS : number(value, instance, true);
            case "maximum":
                return !instance.isNumber() ? Verdict.CONFORMS : number(value, instance, false);
            case "anyOf":
            case "oneOf":
            case "allOf":
                return combination(name, value, instance, depth);
            case "not":
                Verdict inner = check(value, instance, depth + 1);
                return inner == Verdict.UNSURE ? inner : inner == Verdict.CONFORMS ? Verdict.VIOLATES : Verdict.CONFORMS;
            default:
                return Verdict.UNSURE;
        }
    }

    /** Only references into this document by JSON pointer ({@code #/$defs/name}). */
    private Verdict ref(JsonNode value, JsonNode instance, int depth) {
        String ref = value.asText("");
        if (!ref.startsWith("#/") || ref.contains("%") || ref.contains("~")) {
            return Verdict.UNSURE;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? Verdict.UNSURE : check(target, instance, depth + 1);
    }

    private static Verdict type(JsonNode value, JsonNode instance) {
        if (value.isTextual()) {
            return hasType(value.textValue(), instance);
        }
        if (!value.isArray()) {
            return Verdict.UNSURE;
        }
        Verdict verdict = Verdict.VIOLATES;
        for (JsonNode type : value) {
            Verdict one = hasType(type.asText(""), instance);
            if (one == Verdict.CONFORMS) {
                return one;
            }
            if (one == Verdict.UNSURE) {
                verdict = one;
            }
        }
        return verdict;
    }

    private static Verdict hasType(String type, JsonNode instance) {
        switch (type) {
            case "object": return yesNo(instance.isObject());
            case "array": return yesNo(instance.isArray());
            case "string": return yesNo(instance.isTextual());
            case "boolean": return yesNo(instance.isBoolean());
            case "null": return yesNo(instance.isNull());
            case "number": return yesNo(instance.isNumber());
            case "integer":
                // 1.0 is an integer to the specification; validators differ on it: leave it to the full one.
                return instance.isIntegralNumber() ? Verdict.CONFORMS : instance.isNumber() ? Verdict.UNSURE : Verdict.VIOLATES;
            default: return Verdict.UNSURE;
        }
    }

    private static Verdict oneOfValues(JsonNode values, JsonNode instance) {
        if (!values.isArray()) {
            return Verdict.UNSURE;
        }
        for (JsonNode allowed : values) {
            Verdict one = equal(allowed, instance);
            if (one != Verdict.VIOLATES) {
                return one;
            }
        }
        return Verdict.VIOLATES;
    }

    /**
     * Strings, booleans, null and integers written as integers compare exactly; other numbers and
     * structures are left to the full validator.
     */
    private static Verdict equal(JsonNode expected, JsonNode instance) {
        if (instance.isTextual() || instance.isBoolean() || instance.isNull()) {
            return yesNo(expected.equals(instance));
        }
        if (instance.isIntegralNumber() && expected.isIntegralNumber()) {
            return yesNo(instance.bigIntegerValue().equals(expected.bigIntegerValue()));
        }
        if (instance.isIntegralNumber() && !expected.isNumber()) {
            return Verdict.VIOLATES;
        }
        return Verdict.UNSURE;
    }

    private Verdict properties(String name, JsonNode value, JsonNode schema, JsonNode instance, int depth) {
        JsonNode declared = schema.get("properties");
        if (declared != null && !declared.isObject()) {
            return Verdict.UNSURE;
        }
        Verdict verdict = Verdict.CONFORMS;
        Iterator<Map.Entry<String, JsonNode>> fields = instance.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode own = declared == null ? null : declared.get(field.getKey());
            JsonNode applies;
            if ("properties".equals(name)) {
                applies = own;
            } else {
                applies = own == null ? value : null; // additionalProperties: the keys "properties" does not name
            }
            if (applies == null) {
                continue;
            }
            Verdict one = check(applies, field.getValue(), depth + 1);
            if (one == Verdict.UNSURE) {
                return one;
            }
            if (one == Verdict.VIOLATES) {
                verdict = one;
            }
        }
        return verdict;
    }

    private static Verdict required(JsonNode value, JsonNode instance) {
        if (!value.isArray()) {
            return Verdict.UNSURE;
        }
        if (!instance.isObject()) {
            return Verdict.CONFORMS;
        }
        for (JsonNode key : value) {
            if (!instance.has(key.asText())) {
                return Verdict.VIOLATES;
            }
        }
        return Verdict.CONFORMS;
    }

    private Verdict items(JsonNode value, JsonNode instance, int depth) {
        if (!instance.isArray()) {
            return Verdict.CONFORMS;
        }
        if (value.isArray()) {
            return Verdict.UNSURE; // the draft 4-2019 tuple form
        }
        Verdict verdict = Verdict.CONFORMS;
        for (JsonNode item : instance) {
            Verdict one = check(value, item, depth + 1);
            if (one == Verdict.UNSURE) {
                return one;
            }
            if (one == Verdict.VIOLATES) {
                verdict = one;
            }
        }
        return verdict;
    }

    private Verdict combination(String name, JsonNode value, JsonNode instance, int depth) {
        if (!value.isArray() || value.size() == 0) {
            return Verdict.UNSURE;
        }
        int conforming = 0;
        for (JsonNode branch : value) {
            Verdict one = check(branch, instance, depth + 1);
            if (one == Verdict.UNSURE) {
                return one;
            }
            if (one == Verdict.CONFORMS) {
                conforming++;
            }
        }
        switch (name) {
            case "anyOf": return yesNo(conforming > 0);
            case "oneOf": return yesNo(conforming == 1);
            default: return yesNo(conforming == value.size());
        }
    }

    private static Verdict pattern(JsonNode value, JsonNode instance) {
        if (!instance.isTextual()) {
            return Verdict.CONFORMS;
        }
        if (!value.isTextual()) {
            return Verdict.UNSURE;
        }
        // As the full validator's default regular expressions do: java.util.regex, found anywhere.
        Pattern pattern = PATTERNS.computeIfAbsent(value.textValue(), Pattern::compile);
        return yesNo(pattern.matcher(instance.textValue()).find());
    }

    private static Verdict number(JsonNode bound, JsonNode instance, boolean minimum) {
        if (!bound.isNumber()) {
            return Verdict.UNSURE;
        }
        int order = instance.decimalValue().compareTo(bound.decimalValue());
        return yesNo(minimum ? order >= 0 : order <= 0);
    }

    private static int length(JsonNode text) {
        String s = text.textValue();
        return s.codePointCount(0, s.length());
    }

    private static Verdict bound(boolean holds, JsonNode limit) {
        return !limit.canConvertToInt() || !limit.isIntegralNumber() ? Verdict.UNSURE : yesNo(holds);
    }

    private static Verdict yesNo(boolean conforms) {
        return conforms ? Verdict.CONFORMS : Verdict.VIOLATES;
    }
}
