package io.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A loaded, validated policy. Immutable; JSON nodes handed out are copies. */
public final class Policy {
    /** Name of the built-in policy used when no policy file is configured. */
    public static final String DEFAULT_NAME = "default (no policy file)";
    /** How much of a request body is kept for inspection when the policy does not say. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The canonical text of the built-in default policy; {@link #sha256()} of {@link #defaults()} is its hash. */
    public static final String DEFAULT_POLICY_TEXT =
            "{\"version\":1,\"name\":\"default (no policy file)\",\"mode\":\"monitor\",\"audit\":{\"path\":\"palisade-audit.jsonl\"}}";

    private static final Policy DEFAULT = new Policy(DEFAULT_NAME, sha256Hex(DEFAULT_POLICY_TEXT.getBytes(StandardCharsets.UTF_8)),
            Mode.MONITOR, Collections.<String, Mode>emptyMap(), Collections.<String, ObjectNode>emptyMap(),
            BlockResponse.defaults(), AuditConfig.defaults(), Collections.<Exclusion>emptyList(),
            Collections.<JsonNode>emptyList(), Collections.<String>emptyList(), true, null, DEFAULT_MAX_BODY_BYTES);

    private final String name;
    private final String sha256;
    private final Mode mode;
    private final Map<String, Mode> detectorModes;
    private final Map<String, ObjectNode> detectorOptions;
    private final BlockResponse blockResponse;
    private final AuditConfig audit;
    private final List<Exclusion> exclusions;
    private final List<JsonNode> accessRules;
    private final List<String> trustedProxies;
    private final boolean isDefault;
    private final String source;
    private final int maxBodyBytes;

    Policy(String name, String sha256, Mode mode, Map<String, Mode> detectorModes, Map<String, ObjectNode> detectorOptions,
           BlockResponse blockResponse, AuditConfig audit, List<Exclusion> exclusions, List<JsonNode> accessRules,
           List<String> trustedProxies, boolean isDefault, String source, int maxBodyBytes) {
        this.name = name;
        this.sha256 = sha256;
        this.mode = mode;
        this.detectorModes = Collections.unmodifiableMap(new LinkedHashMap<>(detectorModes));
        Map<String, ObjectNode> opts = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectNode> e : detectorOptions.entrySet()) {
            opts.put(e.getKey(), e.getValue().deepCopy());
        }
        this.detectorOptions = Collections.unmodifiableMap(opts);
        this.blockResponse = blockResponse;
        this.audit = audit;
        this.exclusions = Collections.unmodifiableList(new ArrayList<>(exclusions));
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode r : accessRules) {
            rules.add(r.deepCopy());
        }
        this.accessRules = Collections.unmodifiableList(rules);
        this.trustedProxies = Collections.unmodifiableList(new ArrayList<>(trustedProxies));
        this.isDefault = isDefault;
        this.source = source;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** No policy file: every detector in monitor mode, audit to palisade-audit.jsonl. */
    public static Policy defaults() {
        return DEFAULT;
    }

    /** The policy's {@code name}, else the file name it was loaded from. */
    public String name() {
        return name;
    }

    /** Lower-case hex SHA-256 of the policy file's bytes (of {@link #DEFAULT_POLICY_TEXT} for the default). */
    public String sha256() {
        return sha256;
    }

    /** The global mode, the default of every detector; monitor when the policy does not say. */
    public Mode mode() {
        return mode;
    }

    /** The detector's own {@code mode} when set, else the global mode. */
    public Mode modeFor(String detectorId) {
        Mode m = detectorId == null ? null : detectorModes.get(detectorId);
        return m != null ? m : mode;
    }

    /** The modes set per detector in the policy (detectors without their own mode follow {@link #mode()}). */
    public Map<String, Mode> detectorModes() {
        return detectorModes;
    }

    /** The detector's options (its settings without {@code mode}); an empty object when none. A fresh copy on every call. */
    public JsonNode detectorOptions(String detectorId) {
        ObjectNode o = detectorId == null ? null : detectorOptions.get(detectorId);
        return o == null ? JsonNodeFactory.instance.objectNode() : o.deepCopy();
    }

    public BlockResponse blockResponse() {
        return blockResponse;
    }

    public AuditConfig audit() {
        return audit;
    }

    public List<Exclusion> exclusions() {
        return exclusions;
    }

    /** The first exclusion matching a finding, or null. */
    public Exclusion exclusionFor(String detectorId, String path, String inputSource, String inputName) {
        for (Exclusion e : exclusions) {
            if (e.matches(detectorId, path, inputSource, inputName)) {
                return e;
            }
        }
        return null;
    }

    /** The {@code access} rules as written (copies); enforced by a later release. */
    public List<JsonNode> accessRules() {
        List<JsonNode> copies = new ArrayList<>(accessRules.size());
        for (JsonNode r : accessRules) {
            copies.add(r.deepCopy());
        }
        return Collections.unmodifiableList(copies);
    }

    /** CIDR ranges (or single addresses) of trusted reverse proxies. */
    /** {@code inputs.max_body_bytes}: how much of each request body is kept for inspection. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** True for {@link #defaults()}, the policy used when no file is configured. */
    public boolean isDefault() {
        return isDefault;
    }

    /** The file the policy came from as given to the loader; null for the default. */
    public String source() {
        return source;
    }

    /** Lower-case hex SHA-256 of {@code bytes}: how a policy file is identified in audit events. */
    public static String sha256Hex(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "Policy{name=" + name + ", sha256=" + sha256 + ", mode=" + mode.id() + ", detectors=" + detectorModes + "}";
    }
}
