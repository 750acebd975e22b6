package io.palisade.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyValidateCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(List<String> files) {
        return PolicyValidateCommand.run(files, new PrintStream(outBytes, true), new PrintStream(errBytes, true));
    }

    private String out() {
        return new String(outBytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private String err() {
        return new String(errBytes.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void allValid() {
        int rc = run(Arrays.asList("examples/dev.json", "examples/staging.json", "examples/prod.json"));
        assertThat(rc).isZero();
        assertThat(out()).isEqualTo(String.format("OK examples/dev.json%nOK examples/staging.json%nOK examples/prod.json%n"));
    }

    @Test
    void someInvalid(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.write(bad, "{\"version\":1,\"detectors\":{\"sql_injection\":{\"mode\":\"blok\"}},\"mdoe\":\"block\"}".getBytes(StandardCharsets.UTF_8));
        int rc = run(Arrays.asList("examples/prod.json", bad.toString(), dir.resolve("nope.json").toString()));
        assertThat(rc).isEqualTo(1);
        String[] lines = out().split("\\R");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("OK examples/prod.json");
        assertThat(lines[1]).isEqualTo(bad + ": /detectors/sql_injection/mode: must be one of block, monitor, off");
        assertThat(lines[2]).startsWith(bad + ": /mdoe: unknown key \"mdoe\" (did you mean \"mode\"?)");
        assertThat(lines[3]).isEqualTo(dir.resolve("nope.json") + ": cannot read policy file: no such file");
    }

    @Test
    void usageErrors() {
        assertThat(run(Collections.<String>emptyList())).isEqualTo(2);
        assertThat(err()).contains("usage: java -jar palisade-agent.jar policy validate FILE...");
        assertThat(run(null)).isEqualTo(2);
        assertThat(run(Arrays.asList("--strict", "examples/prod.json"))).isEqualTo(2);
        assertThat(err()).contains("unknown option --strict");
        assertThat(run(Arrays.asList(""))).isEqualTo(2);
        assertThat(out()).isEmpty();
    }

    @Test
    void help() {
        assertThat(run(Arrays.asList("--help"))).isZero();
        assertThat(out()).contains("usage:");
    }
}
