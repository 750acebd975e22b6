package io.palisade.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyLoaderTest {

    static PolicyLoadResult parse(String json) {
        return PolicyLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    static List<String> pointers(PolicyLoadResult r) {
        return r.errors().stream().map(PolicyError::pointer).collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.json", "staging.json", "prod.json"})
    void examplesValidate(String name) {
        PolicyLoadResult r = PolicyLoader.load(Paths.get("examples", name));
        assertThat(r.errors()).isEmpty();
        assertThat(r.isValid()).isTrue();
        assertThat(r.policy().name()).isEqualTo(name.replace(".json", ""));
    }

    @Test
    void examplesSayWhatTheEnvironmentNeeds() {
        Policy dev = PolicyLoader.load(Paths.get("examples/dev.json")).policy();
        assertThat(dev.mode()).isEqualTo(Mode.MONITOR);
        for (String d : new String[] {"sql_injection", "xss", "ssrf", "template_injection"}) {
            assertThat(dev.modeFor(d)).isEqualTo(Mode.MONITOR);
        }
        assertThat(dev.audit().redact()).isEmpty();
        assertThat(dev.audit().maxValueLength()).isGreaterThan(AuditConfig.DEFAULT_MAX_VALUE_LENGTH);

        Policy staging = PolicyLoader.load(Paths.get("examples/staging.json")).policy();
        assertThat(staging.modeFor("sql_injection")).isEqualTo(Mode.BLOCK);
        assertThat(staging.modeFor("xss")).isEqualTo(Mode.MONITOR);
        assertThat(staging.modeFor("ssrf")).isEqualTo(Mode.MONITOR);

        Policy prod = PolicyLoader.load(Paths.get("examples/prod.json")).policy();
        assertThat(prod.mode()).isEqualTo(Mode.BLOCK);
        assertThat(prod.modeFor("sql_injection")).isEqualTo(Mode.BLOCK);
        assertThat(prod.exclusions()).hasSize(1);
        Exclusion x = prod.exclusions().get(0);
        assertThat(x.id()).isEqualTo("admin-report-sql");
        assertThat(x.reason()).isNotBlank();
        assertThat(x.matches("sql_injection", "/admin/reports/monthly", "parameter", "filter")).isTrue();
        assertThat(x.matches("sql_injection", "/books", "parameter", "filter")).isFalse();
        assertThat(prod.audit().redact()).contains("password", "X-Api-Key");
        assertThat(prod.audit().isRedacted("x-api-key")).isTrue();
        assertThat(prod.audit().rotateBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(prod.audit().maxFiles()).isEqualTo(10);
        assertThat(prod.detectorOptions("ssrf").path("deny_hosts").get(0).asText()).isEqualTo("169.254.169.254");
        assertThat(prod.detectorOptions("ssrf").has("mode")).isFalse();
        assertThat(prod.trustedProxies()).containsExactly("10.0.0.0/8", "172.16.0.0/12");
    }

    @Test
    void minimalPolicyValidatesWithDefaults() {
        String json = "{\"version\": 1, \"mode\": \"block\", \"audit\": {\"path\": \"palisade-audit.jsonl\"}}";
        PolicyLoadResult r = PolicyLoader.parse(json.getBytes(StandardCharsets.UTF_8), "/etc/palisade/min.json");
        assertThat(r.errors()).isEmpty();
        Policy p = r.policy();
        assertThat(p.name()).isEqualTo("min.json");
        assertThat(p.isDefault()).isFalse();
        assertThat(p.mode()).isEqualTo(Mode.BLOCK);
        assertThat(p.modeFor("xss")).isEqualTo(Mode.BLOCK);
        assertThat(p.audit().path()).isEqualTo("palisade-audit.jsonl");
        assertThat(p.audit().maxValueLength()).isEqualTo(256);
        assertThat(p.audit().rotateBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(p.audit().maxFiles()).isEqualTo(5);
        assertThat(p.audit().queueCapacity()).isEqualTo(8192);
        assertThat(p.blockResponse().status()).isEqualTo(403);
        assertThat(p.blockResponse().contentType()).isNull();
        assertThat(p.blockResponse().body()).isNull();
        assertThat(p.exclusions()).isEmpty();
        assertThat(p.accessRules()).isEmpty();
        assertThat(p.trustedProxies()).isEmpty();
        assertThat(p.detectorOptions("sql_injection").isObject()).isTrue();
        assertThat(p.detectorOptions("sql_injection").size()).isZero();
        // SHA-256 of the exact bytes
        assertThat(p.sha256()).isEqualTo(Policy.sha256Hex(json.getBytes(StandardCharsets.UTF_8))).hasSize(64);
        assertThat(PolicyLoader.parse((json + " ").getBytes(StandardCharsets.UTF_8), "x").policy().sha256())
                .isNotEqualTo(p.sha256());
    }

    @Test
    void knownSha256() {
        // echo -n '{"version":1}' | sha256sum
        PolicyLoadResult r = parse("{\"version\":1}");
        assertThat(r.policy().sha256()).isEqualTo("2430f1a2ad2982d0067885488a4c89e21ad1d7c83b115ba8f1b20acc88dfaea8");
        assertThat(Policy.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(r.policy().mode()).isEqualTo(Mode.MONITOR);
    }

    @Test
    void defaultsMonitorEverything() {
        Policy d = Policy.defaults();
        assertThat(d.isDefault()).isTrue();
        assertThat(d.name()).isEqualTo("default (no policy file)");
        assertThat(d.mode()).isEqualTo(Mode.MONITOR);
        assertThat(d.modeFor("sql_injection")).isEqualTo(Mode.MONITOR);
        assertThat(d.modeFor("jndi_injection")).isEqualTo(Mode.MONITOR);
        assertThat(d.audit().path()).isEqualTo("palisade-audit.jsonl");
        assertThat(d.blockResponse().status()).isEqualTo(403);
        assertThat(d.sha256()).isEqualTo(Policy.sha256Hex(Policy.DEFAULT_POLICY_TEXT.getBytes(StandardCharsets.UTF_8)));
        // the canonical default text is itself a valid policy that loads to the same settings
        PolicyLoadResult r = PolicyLoader.parse(Policy.DEFAULT_POLICY_TEXT.getBytes(StandardCharsets.UTF_8), "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.policy().name()).isEqualTo(d.name());
        assertThat(r.policy().sha256()).isEqualTo(d.sha256());
        assertThat(r.policy().isDefault()).isFalse();
    }

    @Test
    void modeForPrefersTheDetectorsOwnMode() {
        Policy p = parse("{\"version\":1,\"mode\":\"block\",\"detectors\":{\"xss\":{\"mode\":\"monitor\"},"
                + "\"ssrf\":{\"mode\":\"off\"},\"sql_injection\":{}}}").policy();
        assertThat(p.modeFor("xss")).isEqualTo(Mode.MONITOR);
        assertThat(p.modeFor("ssrf")).isEqualTo(Mode.OFF);
        assertThat(p.modeFor("sql_injection")).isEqualTo(Mode.BLOCK);
        assertThat(p.modeFor("template_injection")).isEqualTo(Mode.BLOCK);
        assertThat(p.modeFor("no_such_detector")).isEqualTo(Mode.BLOCK);
        assertThat(p.modeFor(null)).isEqualTo(Mode.BLOCK);

        Policy q = parse("{\"version\":1,\"mode\":\"off\",\"detectors\":{\"sql_injection\":{\"mode\":\"block\"}}}").policy();
        assertThat(q.modeFor("sql_injection")).isEqualTo(Mode.BLOCK);
        assertThat(q.modeFor("xss")).isEqualTo(Mode.OFF);
    }

    @Test
    void modeIds() {
        assertThat(Mode.BLOCK.id()).isEqualTo("block");
        assertThat(Mode.MONITOR.id()).isEqualTo("monitor");
        assertThat(Mode.OFF.id()).isEqualTo("off");
        assertThat(Mode.fromId("monitor")).isEqualTo(Mode.MONITOR);
        assertThat(Mode.fromId("BLOCK")).isNull();
    }

    @Test
    void misspeltKeyIsNamed() {
        PolicyLoadResult r = parse("{\"version\":1,\"mode\":\"block\",\"audti\":{\"path\":\"a.jsonl\"}}");
        assertThat(r.isValid()).isFalse();
        assertThat(r.policy()).isNull();
        assertThat(r.errors()).hasSize(1);
        PolicyError e = r.errors().get(0);
        assertThat(e.pointer()).isEqualTo("/audti");
        assertThat(e.reason()).startsWith("unknown key \"audti\" (did you mean \"audit\"?)").contains("allowed keys: version, name, mode");
        assertThat(e.file()).isEqualTo("test.json");
    }

    @Test
    void misspeltNestedKeyIsNamed() {
        PolicyLoadResult r = parse("{\"version\":1,\"audit\":{\"max_value_lenght\":300}}");
        assertThat(pointers(r)).containsExactly("/audit/max_value_lenght");
        assertThat(r.errors().get(0).reason()).contains("did you mean \"max_value_length\"?");
    }

    @Test
    void unknownDetectorIsRejected() {
        PolicyLoadResult r = parse("{\"version\":1,\"detectors\":{\"sqli\":{\"mode\":\"block\"}}}");
        assertThat(pointers(r)).containsExactly("/detectors/sqli");
        assertThat(r.errors().get(0).reason()).startsWith("unknown detector \"sqli\"")
                .contains("known detectors: sql_injection, xss, template_injection, ssrf, command_injection, path_traversal, deserialization, jndi_injection");
    }

    @Test
    void unknownDetectorOptionIsRejected() {
        PolicyLoadResult r = parse("{\"version\":1,\"detectors\":{\"xss\":{\"mode\":\"block\",\"deny_hosts\":[]}}}");
        assertThat(pointers(r)).containsExactly("/detectors/xss/deny_hosts");
        assertThat(r.errors().get(0).reason()).contains("allowed keys: mode");
    }

    @Test
    void wrongEnum() {
        PolicyLoadResult r = PolicyLoader.parse(
                "{\"version\":1,\"detectors\":{\"sql_injection\":{\"mode\":\"blok\"}}}".getBytes(StandardCharsets.UTF_8), "prod.json");
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).pointer()).isEqualTo("/detectors/sql_injection/mode");
        assertThat(r.errors().get(0).reason()).isEqualTo("must be one of block, monitor, off");
        assertThat(r.errors().get(0).toString()).isEqualTo("prod.json: /detectors/sql_injection/mode: must be one of block, monitor, off");
    }

    @Test
    void wrongTypeReportsTheTypeOnly() {
        PolicyLoadResult r = parse("{\"version\":1,\"mode\":5,\"audit\":{\"max_value_length\":\"300\"}}");
        assertThat(r.errors()).extracting(PolicyError::pointer, PolicyError::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/mode", "must be a string, not an integer"),
                org.assertj.core.groups.Tuple.tuple("/audit/max_value_length", "must be an integer, not a string"));
    }

    @Test
    void badStatus() {
        PolicyLoadResult r = parse("{\"version\":1,\"block_response\":{\"status\":700}}");
        assertThat(r.errors()).extracting(PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/block_response/status", "must be an integer from 100 to 599"));
        assertThat(pointers(parse("{\"version\":1,\"block_response\":{\"status\":99}}"))).containsExactly("/block_response/status");
        assertThat(pointers(parse("{\"version\":1,\"block_response\":{\"status\":403.5}}"))).containsExactly("/block_response/status");
        assertThat(parse("{\"version\":1,\"block_response\":{\"status\":451}}").policy().blockResponse().status()).isEqualTo(451);
    }

    @Test
    void tooSmallMaxValueLength() {
        PolicyLoadResult r = parse("{\"version\":1,\"audit\":{\"max_value_length\":15}}");
        assertThat(r.errors()).extracting(PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/audit/max_value_length", "must be an integer from 16 to 1048576"));
        assertThat(parse("{\"version\":1,\"audit\":{\"max_value_length\":16}}").isValid()).isTrue();
    }

    @Test
    void versionIsRequiredAndMustBeOne() {
        PolicyLoadResult missing = parse("{\"mode\":\"block\"}");
        assertThat(missing.errors()).extracting(PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "missing required key \"version\""));
        assertThat(missing.errors().get(0).toString()).isEqualTo("test.json: missing required key \"version\"");
        PolicyLoadResult two = parse("{\"version\":2}");
        assertThat(two.errors()).extracting(PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/version", "must be 1"));
    }

    @Test
    void notAnObject() {
        PolicyLoadResult r = parse("[1,2]");
        assertThat(r.errors()).extracting(PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "must be an object, not an array"));
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        PolicyLoadResult r = parse("{\n  \"version\": 1,\n  \"mode\": \"block\"\n  \"audit\": {}\n}");
        assertThat(r.isValid()).isFalse();
        assertThat(r.errors()).hasSize(1);
        PolicyError e = r.errors().get(0);
        assertThat(e.pointer()).isEqualTo("");
        assertThat(e.reason()).startsWith("malformed JSON at line 4, column 3: ");
    }

    @Test
    void duplicateKeysAndTrailingGarbageAreMalformed() {
        PolicyLoadResult dup = parse("{\"version\":1,\"mode\":\"block\",\"mode\":\"off\"}");
        assertThat(dup.errors()).hasSize(1);
        assertThat(dup.errors().get(0).reason()).startsWith("malformed JSON at line 1").contains("mode");
        PolicyLoadResult trailing = parse("{\"version\":1} {}");
        assertThat(trailing.errors()).hasSize(1);
        assertThat(trailing.errors().get(0).reason()).startsWith("malformed JSON");
    }

    @Test
    void emptyFileAndNullInput() {
        assertThat(parse("").errors().get(0).reason()).startsWith("the file is empty");
        assertThat(parse("   \n").isValid()).isFalse();
        assertThat(PolicyLoader.parse(null, "x.json").errors().get(0).reason()).isEqualTo("no policy content");
    }

    @Test
    void multipleErrorsAreReportedTogetherInDocumentOrder() {
        PolicyLoadResult r = parse("{\"version\":1,\"mode\":\"always\",\"detectors\":{\"xss\":{\"mode\":\"blok\"},\"rce\":{}},"
                + "\"block_response\":{\"status\":42},\"audit\":{\"redact\":\"password\",\"max_files\":0},\"colour\":\"red\"}");
        assertThat(pointers(r)).containsExactly("/mode", "/detectors/xss/mode", "/detectors/rce", "/block_response/status",
                "/audit/redact", "/audit/max_files", "/colour");
        assertThat(r.errors().get(4).reason()).isEqualTo("must be an array, not a string");
        assertThat(r.errors().get(5).reason()).isEqualTo("must be an integer from 1 to 10000");
    }

    @Test
    void exclusionsNeedIdReasonAndAScope() {
        PolicyLoadResult r = parse("{\"version\":1,\"exclusions\":[{\"paths\":[\"/a\"]},{\"id\":\"x\",\"reason\":\"r\","
                + "\"inputs\":[{\"source\":\"query\",\"name\":\"q\"}],\"paths\":[\"api/**\"],\"detectors\":[\"sqli\"]}]}");
        assertThat(r.errors()).extracting(PolicyError::pointer, PolicyError::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/exclusions/0", "missing required key \"id\""),
                org.assertj.core.groups.Tuple.tuple("/exclusions/0", "missing required key \"reason\""),
                org.assertj.core.groups.Tuple.tuple("/exclusions/1/inputs/0/source", "must be one of parameter, header, cookie, path, body"),
                org.assertj.core.groups.Tuple.tuple("/exclusions/1/paths/0", "must be a path glob starting with \"/\" or \"*\", such as /api/**"),
                org.assertj.core.groups.Tuple.tuple("/exclusions/1/detectors/0",
                        "must be one of sql_injection, xss, template_injection, ssrf, command_injection, path_traversal, deserialization, jndi_injection"));

        PolicyLoadResult everything = parse("{\"version\":1,\"exclusions\":[{\"id\":\"all\",\"reason\":\"noisy\"}]}");
        assertThat(pointers(everything)).containsExactly("/exclusions/0");
        assertThat(everything.errors().get(0).reason()).contains("name at least one of paths, detectors, inputs");

        PolicyLoadResult dup = parse("{\"version\":1,\"exclusions\":[{\"id\":\"a\",\"reason\":\"r\",\"paths\":[\"/x\"]},"
                + "{\"id\":\"a\",\"reason\":\"r\",\"paths\":[\"/y\"]}]}");
        assertThat(dup.errors()).extracting(PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/exclusions/1/id", "duplicate exclusion id \"a\" (also at /exclusions/0)"));
    }

    @Test
    void accessRulesAreCheckedStrictly() {
        PolicyLoadResult ok = parse("{\"version\":1,\"access\":[{\"id\":\"admin\",\"paths\":[\"/admin/*\",\"*.jsp\"],"
                + "\"methods\":[\"GET\"],\"mode\":\"monitor\",\"require\":{\"roles\":{\"any_of\":[\"admin\"]},"
                + "\"api_key\":{\"header\":\"X-Api-Key\",\"keys\":[{\"sha256\":\"" + "ab".repeat(32) + "\",\"label\":\"ci\"}]},"
                + "\"jwt\":{\"hs256_secret_env\":\"JWT_SECRET\",\"audience\":\"api\",\"scopes\":[\"read\"]},"
                + "\"client_ip\":[\"10.0.0.0/8\"],\"rate_limit\":{\"requests\":5,\"per_seconds\":60}}},"
                + "{\"id\":\"never\",\"paths\":[\"/internal/**\"],\"deny\":true}]}");
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.policy().accessRules()).hasSize(2);
        // copies: mutating what we got does not change the policy
        ((com.fasterxml.jackson.databind.node.ObjectNode) ok.policy().accessRules().get(0)).put("id", "changed");
        assertThat(ok.policy().accessRules().get(0).path("id").asText()).isEqualTo("admin");

        PolicyLoadResult bad = parse("{\"version\":1,\"access\":[{\"roles\":[\"admin\"]}]}");
        assertThat(pointers(bad)).contains("/access/0");
        assertThat(bad.errors()).extracting(PolicyError::reason).anyMatch(r -> r.contains("\"id\""));

        PolicyLoadResult wrong = parse("{\"version\":1,\"access\":[{\"id\":\"a\",\"paths\":[\"/a\"],\"require\":{"
                + "\"api_key\":{\"keys\":[{\"sha256\":\"secret-in-clear\"}]},"
                + "\"jwt\":{\"issuer\":\"x\"}}}]}");
        assertThat(pointers(wrong)).contains("/access/0/require/api_key/keys/0/sha256", "/access/0/require/jwt");
        PolicyLoadResult range = parse("{\"version\":1,\"access\":[{\"id\":\"a\",\"paths\":[\"/a\"],\"require\":{"
                + "\"client_ip\":[\"10.0.0.0/33\"]}}]}");
        assertThat(pointers(range)).containsExactly("/access/0/require/client_ip/0");
        PolicyLoadResult typo = parse("{\"version\":1,\"access\":[{\"id\":\"a\",\"paths\":[\"admin\"],\"requires\":{}}]}");
        assertThat(pointers(typo)).containsExactly("/access/0/paths/0", "/access/0/requires");
    }

    @Test
    void trustedProxiesMustBeAddressesOrRanges() {
        assertThat(parse("{\"version\":1,\"trusted_proxies\":[\"10.0.0.0/8\",\"192.168.1.1\",\"fd00::/8\",\"::1\"]}").errors()).isEmpty();
        PolicyLoadResult r = parse("{\"version\":1,\"trusted_proxies\":[\"10.0.0.0/33\",\"300.1.1.1\",\"fd00::/129\",\"cafe\"]}");
        assertThat(pointers(r)).containsExactly("/trusted_proxies/0", "/trusted_proxies/1", "/trusted_proxies/2", "/trusted_proxies/3");
        assertThat(r.errors().get(0).reason()).contains("prefix length must be from 0 to 32");
        PolicyLoadResult pattern = parse("{\"version\":1,\"trusted_proxies\":[\"proxy.example.com\"]}");
        assertThat(pattern.errors()).extracting(PolicyError::reason)
                .containsExactly("must be an IP address or a CIDR range, such as 10.0.0.0/8");
    }

    @Test
    void loadsFilesAndReportsUnreadableOnes(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        Files.write(good, "{\"version\":1,\"name\":\"g\"}".getBytes(StandardCharsets.UTF_8));
        PolicyLoadResult ok = PolicyLoader.load(good);
        assertThat(ok.isValid()).isTrue();
        assertThat(ok.policy().name()).isEqualTo("g");
        assertThat(ok.policy().source()).isEqualTo(good.toString());

        Path missing = dir.resolve("missing.json");
        PolicyLoadResult r = PolicyLoader.load(missing);
        assertThat(r.errors()).extracting(PolicyError::file, PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(missing.toString(), "", "cannot read policy file: no such file"));

        assertThat(PolicyLoader.load(dir).errors().get(0).reason()).isEqualTo("is a directory, not a policy file");
        assertThat(PolicyLoader.load((Path) null).isValid()).isFalse();

        Path big = dir.resolve("big.json");
        Files.write(big, new byte[PolicyLoader.MAX_POLICY_BYTES + 1]);
        assertThat(PolicyLoader.load(big).errors().get(0).reason()).startsWith("policy file is larger than");
    }

    @Test
    void loadsThroughJavaIoToo(@TempDir Path dir) throws Exception {
        java.io.File good = dir.resolve("good.json").toFile();
        Files.write(good.toPath(), "{\"version\":1,\"mode\":\"block\"}".getBytes(StandardCharsets.UTF_8));
        PolicyLoadResult ok = PolicyLoader.load(good);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.policy().name()).isEqualTo("good.json");
        assertThat(ok.policy().sha256()).isEqualTo(PolicyLoader.load(good.toPath()).policy().sha256());

        java.io.File missing = dir.resolve("missing.json").toFile();
        assertThat(PolicyLoader.load(missing).errors()).extracting(PolicyError::file, PolicyError::pointer, PolicyError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(missing.getPath(), "", "cannot read policy file: no such file"));
        assertThat(PolicyLoader.load(dir.toFile()).errors().get(0).reason()).isEqualTo("is a directory, not a policy file");
        assertThat(PolicyLoader.load((java.io.File) null).isValid()).isFalse();
        java.io.File bad = dir.resolve("bad.json").toFile();
        Files.write(bad.toPath(), "{\"version\":1,\"mode\":\"on\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(PolicyLoader.load(bad).errors()).extracting(PolicyError::toString)
                .containsExactly(bad.getPath() + ": /mode: must be one of block, monitor, off");
    }

    @Test
    void schemaKeyIsAllowedForEditorsAndPointerTokensAreEscaped() {
        assertThat(parse("{\"$schema\":\"./policy.schema.json\",\"version\":1}").errors()).isEmpty();
        assertThat(pointers(parse("{\"version\":1,\"a/b~c\":1}"))).containsExactly("/a~1b~0c");
    }

    @Test
    void neverThrowsOnOddInput() {
        String[] inputs = {"null", "1", "\"x\"", "{", "}", "{\"version\":1,\"detectors\":null}", "{\"version\":1,\"exclusions\":[null]}",
            "{\"version\":1e400}", "{\"version\":1,\"audit\":{\"rotate_bytes\":1e30}}", "\u0000", "{\"version\":1,\"name\":\"\"}",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"};
        for (String in : inputs) {
            PolicyLoadResult r = parse(in);
            assertThat(r.isValid()).as(in).isFalse();
            assertThat(r.errors()).as(in).isNotEmpty();
        }
    }

    @Test
    void detectorOptionsAreCopies() {
        Policy p = parse("{\"version\":1,\"detectors\":{\"ssrf\":{\"mode\":\"block\",\"allow_hosts\":[\"a.example\"]}}}").policy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) p.detectorOptions("ssrf")).put("allow_hosts", "x");
        assertThat(p.detectorOptions("ssrf").path("allow_hosts").isArray()).isTrue();
        assertThat(p.detectorOptions("unknown").size()).isZero();
    }
}
