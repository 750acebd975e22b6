package io.palisade.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Access to the bundled policy schema text. */
public final class PolicySchema {
    /** Class-path resource name of the policy schema, relative to this package. */
    public static final String RESOURCE = SchemaSupport.POLICY_SCHEMA;

    private PolicySchema() {
    }

    /** The schema text, e.g. for a {@code policy schema} command that prints it for editors. */
    public static String schemaText() {
        try (InputStream in = SchemaSupport.open(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
