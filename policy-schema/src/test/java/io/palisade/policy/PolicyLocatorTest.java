package io.palisade.policy;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyLocatorTest {
    private static final Map<String, String> NONE = Collections.emptyMap();

    private static Map<String, String> map(String k, String v) {
        Map<String, String> m = new HashMap<>();
        m.put(k, v);
        return m;
    }

    @Test
    void agentArgumentBeatsSystemPropertyBeatsEnvironment() {
        Map<String, String> props = map("palisade.policy", "/from/property.json");
        Map<String, String> env = map("PALISADE_POLICY", "/from/env.json");
        assertThat(PolicyLocator.locate("policy=/from/arg.json", props, env)).isEqualTo("/from/arg.json");
        assertThat(PolicyLocator.locate(null, props, env)).isEqualTo("/from/property.json");
        assertThat(PolicyLocator.locate("", props, env)).isEqualTo("/from/property.json");
        assertThat(PolicyLocator.locate(null, NONE, env)).isEqualTo("/from/env.json");
        assertThat(PolicyLocator.locate(null, NONE, NONE)).isNull();
        assertThat(PolicyLocator.locate(null, null, null)).isNull();
    }

    @Test
    void agentArgumentsArePairs() {
        assertThat(PolicyLocator.locate("debug=true,policy=/etc/palisade/prod.json,service=shop", NONE, NONE))
                .isEqualTo("/etc/palisade/prod.json");
        assertThat(PolicyLocator.locate(" policy = /p.json ", NONE, NONE)).isEqualTo("/p.json");
        // other keys only: no policy from the arguments, fall through
        assertThat(PolicyLocator.locate("debug=true", map("palisade.policy", "/prop.json"), NONE)).isEqualTo("/prop.json");
        assertThat(PolicyLocator.locate("policyfile=/x.json", NONE, NONE)).isNull();
    }

    @Test
    void bareAgentArgumentIsAPath() {
        assertThat(PolicyLocator.locate("/etc/palisade/prod.json", map("palisade.policy", "/prop.json"), NONE))
                .isEqualTo("/etc/palisade/prod.json");
        assertThat(PolicyLocator.locate("C:\\palisade\\prod,eu.json", NONE, NONE)).isEqualTo("C:\\palisade\\prod,eu.json");
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(PolicyLocator.locate("policy=", map("palisade.policy", " "), map("PALISADE_POLICY", "/env.json")))
                .isEqualTo("/env.json");
        assertThat(PolicyLocator.locate("  ", NONE, map("PALISADE_POLICY", "")) ).isNull();
    }
}
