package io.palisade.policy;

import java.util.Map;

/**
 * Finds the policy file the operator named. Precedence: the agent argument ({@code policy=/path}, or
 * the whole argument when it is a bare path), then the system property {@value #SYSTEM_PROPERTY}, then
 * the environment variable {@value #ENVIRONMENT_VARIABLE}. Blank values count as unset.
 */
public final class PolicyLocator {
    public static final String AGENT_ARG_KEY = "policy";
    public static final String SYSTEM_PROPERTY = "palisade.policy";
    public static final String ENVIRONMENT_VARIABLE = "PALISADE_POLICY";

    private PolicyLocator() {
    }

    /** The policy file path, or null when none is named (the agent then runs {@link Policy#defaults()}). */
    public static String locate(String agentArgs, Map<String, String> systemProperties, Map<String, String> environment) {
        String fromArgs = fromAgentArgs(agentArgs);
        if (fromArgs != null) {
            return fromArgs;
        }
        String prop = systemProperties == null ? null : nonBlank(systemProperties.get(SYSTEM_PROPERTY));
        if (prop != null) {
            return prop;
        }
        return environment == null ? null : nonBlank(environment.get(ENVIRONMENT_VARIABLE));
    }

    /**
     * The policy named by the agent arguments: the value of a {@code policy=} pair among comma-separated
     * {@code key=value} pairs, or the whole argument when it contains no {@code =} (a bare path, which
     * may then contain commas).
     */
    static String fromAgentArgs(String agentArgs) {
        String args = nonBlank(agentArgs);
        if (args == null) {
            return null;
        }
        if (args.indexOf('=') < 0) {
            return args;
        }
        String found = null;
        for (String pair : args.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && AGENT_ARG_KEY.equals(pair.substring(0, eq).trim())) {
                String v = nonBlank(pair.substring(eq + 1));
                if (v != null) {
                    found = v; // the last one wins, as with repeated command-line options
                }
            }
        }
        return found;
    }

    private static String nonBlank(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
