package io.palisade.policy;

import java.util.Locale;

/** What a detector does when it finds something. */
public enum Mode {
    /** Stop the request (block response, then an exception at the sink) and write an audit event. */
    BLOCK,
    /**
     * XSS only (the schema allows it nowhere else): escape the offending occurrences in the page, send
     * it, and write an audit event. Any other detector given this mode monitors.
     */
    SANITIZE,
    /** Write an audit event only. */
    MONITOR,
    /** Do not run the detector. */
    OFF;

    /** The id used in policy files: {@code "block"}, {@code "monitor"}, {@code "off"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode for a policy-file id, or null when the id is not a mode. */
    public static Mode fromId(String id) {
        if (id == null) {
            return null;
        }
        for (Mode m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }
}
