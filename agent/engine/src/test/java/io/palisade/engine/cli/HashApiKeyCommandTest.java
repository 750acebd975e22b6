package io.palisade.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashApiKeyCommandTest {
  static final String PASSWORD_SHA256 = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String stdin, String... args) {
    return Cli.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void hashesTheKeyFromStdinWithoutItsLineEnd() {
    assertThat(run("password\n", "hash-api-key")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(PASSWORD_SHA256 + System.lineSeparator());
  }

  @Test
  void hashesAKeyGivenAsArgument() {
    assertThat(run("", "hash-api-key", "password")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo(PASSWORD_SHA256);
  }

  @Test
  void refusesAnEmptyKey() {
    assertThat(run("\n", "hash-api-key")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no API key");
    assertThat(out.size()).isZero();
  }
}
