package io.palisade.policy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

class ExclusionTest {

    private static Exclusion paths(String... globs) {
        return new Exclusion("x", "r", Arrays.asList(globs), null, null);
    }

    @Test
    void emptyListsMatchAnything() {
        Exclusion any = new Exclusion("x", "r", null, Collections.<String>emptyList(), null);
        assertThat(any.matches("sql_injection", "/a/b", "parameter", "q")).isTrue();
        assertThat(any.matches(null, null, null, null)).isTrue();
    }

    @Test
    void singleStarStaysInOneSegment() {
        Exclusion e = paths("/users/*/avatar");
        assertThat(e.matches("xss", "/users/42/avatar", null, null)).isTrue();
        assertThat(e.matches("xss", "/users/42/x/avatar", null, null)).isFalse();
        assertThat(e.matches("xss", "/users//avatar", null, null)).isTrue();
        assertThat(paths("/api/*").matches("xss", "/api/a/b", null, null)).isFalse();
        assertThat(paths("/api/*.json").matches("xss", "/api/books.json", null, null)).isTrue();
    }

    @Test
    void doubleStarCrossesSegments() {
        Exclusion e = paths("/api/**");
        assertThat(e.matches("xss", "/api/a/b/c", null, null)).isTrue();
        assertThat(e.matches("xss", "/api", null, null)).isTrue();
        assertThat(e.matches("xss", "/apix", null, null)).isFalse();
        assertThat(e.matches("xss", "/other/api/x", null, null)).isFalse();
        Exclusion mid = paths("/a/**/z");
        assertThat(mid.matches("xss", "/a/z", null, null)).isTrue();
        assertThat(mid.matches("xss", "/a/b/c/z", null, null)).isTrue();
        assertThat(mid.matches("xss", "/a/b/c/y", null, null)).isFalse();
        Exclusion lead = paths("**/health");
        assertThat(lead.matches("xss", "/health", null, null)).isTrue();
        assertThat(lead.matches("xss", "/x/y/health", null, null)).isTrue();
        assertThat(lead.matches("xss", "/x/healthz", null, null)).isFalse();
        assertThat(paths("/**").matches("xss", "/anything/at/all", null, null)).isTrue();
        assertThat(paths("/files/**.pdf").matches("xss", "/files/a/b.pdf", null, null)).isTrue();
    }

    @Test
    void regexCharactersAreLiteral() {
        Exclusion e = paths("/a.b/(c)+");
        assertThat(e.matches("xss", "/a.b/(c)+", null, null)).isTrue();
        assertThat(e.matches("xss", "/axb/cc", null, null)).isFalse();
    }

    @Test
    void pathsDetectorsAndInputsMustAllMatch() {
        Exclusion e = new Exclusion("search", "full-text", Arrays.asList("/search/**"), Arrays.asList("sql_injection", "xss"),
                Arrays.asList(new InputRef("parameter", "q"), new InputRef("header", "X-Query")));
        assertThat(e.matches("sql_injection", "/search/books", "parameter", "q")).isTrue();
        assertThat(e.matches("xss", "/search", "header", "x-query")).isTrue();
        assertThat(e.matches("ssrf", "/search/books", "parameter", "q")).isFalse();
        assertThat(e.matches("sql_injection", "/books", "parameter", "q")).isFalse();
        assertThat(e.matches("sql_injection", "/search/books", "parameter", "Q")).isFalse();
        assertThat(e.matches("sql_injection", "/search/books", "cookie", "q")).isFalse();
        assertThat(e.matches("sql_injection", "/search/books", null, null)).isFalse();
        assertThat(e.matches("sql_injection", null, "parameter", "q")).isFalse();
        assertThat(e.paths()).containsExactly("/search/**");
        assertThat(e.detectors()).containsExactly("sql_injection", "xss");
        assertThat(e.inputs()).extracting(InputRef::name).containsExactly("q", "X-Query");
    }

    @Test
    void inputWithoutNameMatchesAnyNameOfItsSource() {
        Exclusion e = new Exclusion("cookies", "r", null, Arrays.asList("xss"), Arrays.asList(new InputRef("cookie", null)));
        assertThat(e.matches("xss", "/", "cookie", "anything")).isTrue();
        assertThat(e.matches("xss", "/", "parameter", "anything")).isFalse();
    }

    @Test
    void policyFindsTheFirstMatchingExclusion() {
        Policy p = PolicyLoader.parse(("{\"version\":1,\"exclusions\":[{\"id\":\"a\",\"reason\":\"r\",\"paths\":[\"/a/**\"]},"
                + "{\"id\":\"b\",\"reason\":\"r\",\"detectors\":[\"xss\"],\"inputs\":[{\"source\":\"cookie\"}]}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.json").policy();
        assertThat(p.exclusionFor("ssrf", "/a/x", "parameter", "u").id()).isEqualTo("a");
        assertThat(p.exclusionFor("xss", "/b", "cookie", "c").id()).isEqualTo("b");
        assertThat(p.exclusionFor("sql_injection", "/b", "cookie", "c")).isNull();
    }

    @Test
    void clientCidrsMatchTheClientAddressOnly() {
        Exclusion scanner = new Exclusion("scanner", "internal scanner", null, null, null,
                Arrays.asList("10.20.0.0/16", "fd00:1234::/32"), null);
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q", "10.20.3.4", "SELECT 1")).isTrue();
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q", "10.21.3.4", "SELECT 1")).isFalse();
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q", "fd00:1234:0:1::9", null)).isTrue();
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q", "fd00:1235::9", null)).isFalse();
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q", "::ffff:10.20.0.1", null)).isTrue();
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q", "scanner.internal", null)).as("never resolved").isFalse();
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q", null, null)).isFalse();
        assertThat(scanner.matches("sql_injection", "/a", "parameter", "q")).as("client unknown").isFalse();
    }

    @Test
    void sinkTargetsAreCaseInsensitiveGlobsOverTheWholeTarget() {
        Exclusion reports = new Exclusion("reports", "report builder sends whole WHERE clauses by design", null,
                Arrays.asList("sql_injection"), null, null, Arrays.asList("SELECT * FROM report_rows WHERE *"));
        assertThat(reports.matches("sql_injection", "/r", "parameter", "w", null,
                "select * from report_rows where a = 1 or 1=1")).isTrue();
        assertThat(reports.matches("sql_injection", "/r", "parameter", "w", null,
                "SELECT * FROM report_rows WHERE a = 1\nUNION SELECT password FROM users")).isTrue();
        assertThat(reports.matches("sql_injection", "/r", "parameter", "w", null,
                "SELECT * FROM users WHERE name = '' OR 1=1")).isFalse();
        assertThat(reports.matches("sql_injection", "/r", "parameter", "w", null,
                "x SELECT * FROM report_rows WHERE a")).as("anchored at both ends").isFalse();
        Exclusion one = new Exclusion("q", "r", null, null, null, null, Arrays.asList("CALL proc(?)"));
        assertThat(one.matches(null, null, null, null, null, "call proc(7)")).isTrue();
        assertThat(one.matches(null, null, null, null, null, "call proc(77)")).isFalse();
        assertThat(one.matches(null, null, null, null, null, "CALL proc(?)")).isTrue();
    }

    @Test
    void theLoaderReadsClientAndTargetConditionsAndRejectsABadRange() {
        Policy p = PolicyLoader.parse(("{\"version\":1,\"exclusions\":[{\"id\":\"scan\",\"reason\":\"r\","
                + "\"client_cidrs\":[\"10.0.0.0/8\"],\"sink_targets\":[\"SELECT 1*\"]}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.json").policy();
        assertThat(p.exclusions().get(0).clientCidrs()).containsExactly("10.0.0.0/8");
        assertThat(p.exclusions().get(0).sinkTargets()).containsExactly("SELECT 1*");
        PolicyLoadResult bad = PolicyLoader.parse(("{\"version\":1,\"exclusions\":[{\"id\":\"scan\",\"reason\":\"r\","
                + "\"client_cidrs\":[\"10.0.0.0/33\"]}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.json");
        assertThat(bad.errors()).extracting(PolicyError::pointer).containsExactly("/exclusions/0/client_cidrs/0");
        assertThat(bad.errors().get(0).reason()).contains("prefix length");
    }

    @Test
    void auditOperationsSettingsAreRead() {
        Policy p = PolicyLoader.parse(("{\"version\":1,\"audit\":{\"rotate_interval\":\"6h\",\"stdout\":true,"
                + "\"aggregate_repeats\":false}}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.json").policy();
        assertThat(p.audit().rotateIntervalMillis()).isEqualTo(6 * 3_600_000L);
        assertThat(p.audit().stdout()).isTrue();
        assertThat(p.audit().aggregateRepeats()).isFalse();
        assertThat(Policy.defaults().audit().aggregateRepeats()).isTrue();
        assertThat(Policy.defaults().audit().stdout()).isFalse();
        assertThat(PolicyLoader.parse("{\"version\":1,\"audit\":{\"rotate_interval\":\"6 hours\"}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "t.json").errors()).extracting(PolicyError::pointer)
                .containsExactly("/audit/rotate_interval");
    }
}
