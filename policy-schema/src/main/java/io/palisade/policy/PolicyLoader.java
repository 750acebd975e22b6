package io.palisade.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates policy files. Never throws for bad input: every problem comes back as a
 * {@link PolicyError} in the {@link PolicyLoadResult}.
 */
public final class PolicyLoader {
    /** Policy files larger than this are refused. */
    public static final int MAX_POLICY_BYTES = 4 * 1024 * 1024;

    private PolicyLoader() {
    }

    /** Reads and validates a policy file; errors name the file as {@code file.toString()}. */
    public static PolicyLoadResult load(Path file) {
        if (file == null) {
            return invalid("", "", "no policy file given");
        }
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return invalid(name, "", "is a directory, not a policy file");
            }
            bytes = readCapped(file);
        } catch (NoSuchFileException e) {
            return invalid(name, "", "cannot read policy file: no such file");
        } catch (AccessDeniedException e) {
            return invalid(name, "", "cannot read policy file: permission denied");
        } catch (TooLarge e) {
            return invalid(name, "", "policy file is larger than " + MAX_POLICY_BYTES + " bytes");
        } catch (IOException | RuntimeException e) {
            return invalid(name, "", "cannot read policy file: " + describe(e));
        }
        return parse(bytes, name);
    }

    /**
     * Like {@link #load(Path)} but through {@code java.io} only, for callers (such as premain) that must not
     * initialise {@code java.nio.file}. Errors name the file as {@code file.getPath()}.
     */
    public static PolicyLoadResult load(File file) {
        if (file == null) {
            return invalid("", "", "no policy file given");
        }
        String name = file.getPath();
        try {
            if (file.isDirectory()) {
                return invalid(name, "", "is a directory, not a policy file");
            }
            if (!file.exists()) {
                return invalid(name, "", "cannot read policy file: no such file");
            }
            if (!file.canRead()) {
                return invalid(name, "", "cannot read policy file: permission denied");
            }
            try (InputStream in = new FileInputStream(file)) {
                return parse(readCapped(in), name);
            }
        } catch (TooLarge e) {
            return invalid(name, "", "policy file is larger than " + MAX_POLICY_BYTES + " bytes");
        } catch (IOException | RuntimeException e) {
            return invalid(name, "", "cannot read policy file: " + describe(e));
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static byte[] readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readCapped(in);
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            out.write(buf, 0, n);
            if (out.size() > MAX_POLICY_BYTES) {
                throw new TooLarge();
            }
        }
        return out.toByteArray();
    }

    /** Validates policy JSON; {@code fileName} labels the errors and is the policy's name when it has none. */
    public static PolicyLoadResult parse(byte[] json, String fileName) {
        String file = fileName == null ? "" : fileName;
        if (json == null) {
            return invalid(file, "", "no policy content");
        }
        try {
            JsonNode doc;
            try {
                doc = JsonDocuments.read(json);
            } catch (JsonProcessingException e) {
                return new PolicyLoadResult(null, Collections.singletonList(SchemaSupport.malformed(file, e)));
            } catch (IOException e) {
                return invalid(file, "", "cannot read policy: " + describe(e));
            }
            if (doc == null || doc.isMissingNode()) {
                return invalid(file, "", "the file is empty; a minimal policy is {\"version\": 1, \"mode\": \"block\", \"audit\": {\"path\": \"palisade-audit.jsonl\"}}");
            }
            List<PolicyError> errors = SchemaSupport.validate(SchemaSupport.POLICY_SCHEMA, doc, file);
            if (!errors.isEmpty()) {
                return new PolicyLoadResult(null, errors);
            }
            errors = semanticChecks(doc, file);
            if (!errors.isEmpty()) {
                return new PolicyLoadResult(null, errors);
            }
            return new PolicyLoadResult(build(doc, json, file), Collections.<PolicyError>emptyList());
        } catch (RuntimeException | StackOverflowError e) {
            return invalid(file, "", "cannot validate policy: " + describe(e));
        }
    }

    private static PolicyLoadResult invalid(String file, String pointer, String reason) {
        return new PolicyLoadResult(null, Collections.singletonList(new PolicyError(file, pointer, reason)));
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    /** Checks the schema cannot express: unique ids, exclusions that would match everything, real CIDR ranges. */
    private static List<PolicyError> semanticChecks(JsonNode doc, String file) {
        List<PolicyError> errors = new ArrayList<>();
        JsonNode exclusions = doc.path("exclusions");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < exclusions.size(); i++) {
            JsonNode x = exclusions.get(i);
            String id = x.path("id").asText();
            Integer first = seen.putIfAbsent(id, i);
            if (first != null) {
                errors.add(new PolicyError(file, "/exclusions/" + i + "/id",
                        "duplicate exclusion id \"" + id + "\" (also at /exclusions/" + first + ")"));
            }
            if (x.path("paths").size() == 0 && x.path("detectors").size() == 0 && x.path("inputs").size() == 0
                    && x.path("client_cidrs").size() == 0 && x.path("sink_targets").size() == 0) {
                errors.add(new PolicyError(file, "/exclusions/" + i,
                        "exclusion would switch off every detector everywhere; name at least one of paths, detectors, inputs, client_cidrs, sink_targets"));
            }
            JsonNode cidrs = x.path("client_cidrs");
            for (int j = 0; j < cidrs.size(); j++) {
                String problem = cidrProblem(cidrs.get(j).asText());
                if (problem != null) {
                    errors.add(new PolicyError(file, "/exclusions/" + i + "/client_cidrs/" + j, problem));
                }
            }
        }
        JsonNode access = doc.path("access");
        seen.clear();
        for (int i = 0; i < access.size(); i++) {
            String id = access.get(i).path("id").asText();
            Integer first = seen.putIfAbsent(id, i);
            if (first != null) {
                errors.add(new PolicyError(file, "/access/" + i + "/id",
                        "duplicate access rule id \"" + id + "\" (also at /access/" + first + ")"));
            }
            JsonNode clientIps = access.get(i).path("require").path("client_ip");
            for (int c = 0; c < clientIps.size(); c++) {
                String problem = cidrProblem(clientIps.get(c).asText());
                if (problem != null) {
                    errors.add(new PolicyError(file, "/access/" + i + "/require/client_ip/" + c, problem));
                }
            }
            JsonNode rate = access.get(i).path("require").path("rate_limit");
            if (rate.has("burst") && rate.has("requests") && rate.path("burst").asLong() < 1) {
                errors.add(new PolicyError(file, "/access/" + i + "/require/rate_limit/burst", "must be at least 1"));
            }
        }
        JsonNode proxies = doc.path("trusted_proxies");
        for (int i = 0; i < proxies.size(); i++) {
            String problem = cidrProblem(proxies.get(i).asText());
            if (problem != null) {
                errors.add(new PolicyError(file, "/trusted_proxies/" + i, problem));
            }
        }
        SchemaSupport.sortInDocumentOrder(errors, doc);
        return errors;
    }

    /** Null when {@code s} is an IPv4/IPv6 address or CIDR range, else why not. Never resolves names. */
    static String cidrProblem(String s) {
        String addr = s;
        String prefix = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            addr = s.substring(0, slash);
            prefix = s.substring(slash + 1);
        }
        int bits;
        if (addr.indexOf(':') >= 0) {
            try {
                // A string containing ':' is parsed as an IPv6 literal, never looked up in DNS.
                InetAddress.getByName(addr);
            } catch (UnknownHostException | RuntimeException e) {
                return "\"" + s + "\" is not a valid IPv6 address or CIDR range";
            }
            bits = 128;
        } else {
            String[] parts = addr.split("\\.", -1);
            boolean ok = parts.length == 4;
            for (int i = 0; ok && i < 4; i++) {
                ok = parts[i].matches("[0-9]{1,3}") && Integer.parseInt(parts[i]) <= 255;
            }
            if (!ok) {
                return "\"" + s + "\" is not a valid IPv4 address or CIDR range, such as 10.0.0.0/8";
            }
            bits = 32;
        }
        if (prefix != null) {
            if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits) {
                return "\"" + s + "\": the prefix length must be from 0 to " + bits;
            }
        }
        return null;
    }

    private static Policy build(JsonNode doc, byte[] bytes, String file) {
        String name = doc.hasNonNull("name") ? doc.get("name").asText() : baseName(file);
        Mode mode = doc.has("mode") ? Mode.fromId(doc.get("mode").asText()) : Mode.MONITOR;

        Map<String, Mode> modes = new LinkedHashMap<>();
        Map<String, ObjectNode> options = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> detectors = doc.path("detectors").fields();
        while (detectors.hasNext()) {
            Map.Entry<String, JsonNode> d = detectors.next();
            ObjectNode opts = ((ObjectNode) d.getValue()).deepCopy();
            JsonNode m = opts.remove("mode");
            if (m != null) {
                modes.put(d.getKey(), Mode.fromId(m.asText()));
            }
            options.put(d.getKey(), opts);
        }

        JsonNode br = doc.path("block_response");
        BlockResponse blockResponse = br.isObject()
                ? new BlockResponse(br.path("status").asInt(BlockResponse.DEFAULT_STATUS), text(br, "content_type"), text(br, "body"))
                : BlockResponse.defaults();

        JsonNode a = doc.path("audit");
        AuditConfig audit = new AuditConfig(
                a.hasNonNull("path") ? a.get("path").asText() : AuditConfig.DEFAULT_PATH,
                strings(a.path("redact")),
                a.has("max_value_length") ? a.get("max_value_length").asInt() : AuditConfig.DEFAULT_MAX_VALUE_LENGTH,
                a.has("rotate_bytes") ? a.get("rotate_bytes").asLong() : AuditConfig.DEFAULT_ROTATE_BYTES,
                a.has("max_files") ? a.get("max_files").asInt() : AuditConfig.DEFAULT_MAX_FILES,
                a.has("queue_capacity") ? a.get("queue_capacity").asInt() : AuditConfig.DEFAULT_QUEUE_CAPACITY,
                a.hasNonNull("rotate_interval") ? AuditConfig.parseInterval(a.get("rotate_interval").asText()) : 0L,
                a.path("stdout").asBoolean(false),
                a.path("aggregate_repeats").asBoolean(true));

        List<Exclusion> exclusions = new ArrayList<>();
        for (JsonNode x : doc.path("exclusions")) {
            List<InputRef> inputs = new ArrayList<>();
            for (JsonNode in : x.path("inputs")) {
                inputs.add(new InputRef(in.get("source").asText(), text(in, "name")));
            }
            exclusions.add(new Exclusion(x.get("id").asText(), x.path("reason").asText(),
                    strings(x.path("paths")), strings(x.path("detectors")), inputs,
                    strings(x.path("client_cidrs")), strings(x.path("sink_targets"))));
        }

        List<JsonNode> access = new ArrayList<>();
        for (JsonNode r : doc.path("access")) {
            access.add(r);
        }

        return new Policy(name, Policy.sha256Hex(bytes), mode, modes, options, blockResponse, audit, exclusions, access,
                strings(doc.path("trusted_proxies")), false, file,
                doc.path("inputs").path("max_body_bytes").asInt(Policy.DEFAULT_MAX_BODY_BYTES));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(v.asText());
        }
        return out;
    }

    private static String baseName(String file) {
        int cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        String base = cut >= 0 ? file.substring(cut + 1) : file;
        return base.isEmpty() ? "unnamed policy" : base;
    }
}
