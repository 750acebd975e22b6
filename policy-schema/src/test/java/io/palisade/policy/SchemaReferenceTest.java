package io.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** REFERENCE.md is generated from the schema; this fails, with the command to fix it, when they differ. */
class SchemaReferenceTest {
    static final String REGENERATE =
            "mvn -o -q -pl policy-schema -am test -Dtest=SchemaReferenceTest -Dsurefire.failIfNoSpecifiedTests=false "
                    + "-Dpalisade.reference.write=true";

    @Test
    void referenceMatchesTheSchema() throws Exception {
        Path file = Paths.get("REFERENCE.md");
        String generated = SchemaReference.generate();
        if (Boolean.getBoolean("palisade.reference.write")) {
            Files.write(file, generated.getBytes(StandardCharsets.UTF_8));
        }
        String current = Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        assertThat(current)
                .as("policy-schema/REFERENCE.md is out of date with policy.schema.json; regenerate it with:%n  %s%n", REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everyKeyOfTheSchemaHasARow() throws Exception {
        String generated = SchemaReference.generate();
        assertThat(generated).contains("| `mode` |", "| `audit.rotate_interval` |", "| `audit.aggregate_repeats` |",
                "| `exclusions[].client_cidrs` |", "| `exclusions[].sink_targets` |", "| `detectors.sql_injection.mode` |",
                "| `block_response.status` |");
    }
}
