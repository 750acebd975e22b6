package io.palisade.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(Arrays.asList(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String finding(String time, String action, String path, String input, String client, Long count) {
    return "{\"timestamp\":\"" + time + "\",\"event_id\":\"e\",\"event_type\":\"finding\",\"detector\":\"sql_injection\","
        + "\"action\":\"" + action + "\",\"request\":{\"method\":\"GET\",\"path\":\"" + path + "\",\"client_ip\":\"" + client
        + "\",\"user\":null},\"input\":{\"source\":\"parameter\",\"name\":\"" + input + "\",\"value\":\"x\"}"
        + (count == null ? "" : ",\"count\":" + count) + "}\n";
  }

  @Test
  void diffNamesWhatTurnsOffLoosensAndTightens() throws Exception {
    Path old = file("old.json", "{\"version\":1,\"mode\":\"block\",\"detectors\":{\"ssrf\":{\"mode\":\"monitor\"}},"
        + "\"audit\":{\"redact\":[\"token\"]}}");
    Path next = file("new.json", "{\"version\":1,\"mode\":\"block\",\"detectors\":{\"sql_injection\":{\"mode\":\"off\"},"
        + "\"ssrf\":{\"mode\":\"block\"}},\"exclusions\":[{\"id\":\"scan\",\"reason\":\"r\",\"client_cidrs\":[\"10.0.0.0/8\"]}]}");
    assertThat(run("policy", "diff", old.toString(), next.toString())).isZero();
    assertThat(out()).contains("turns off: detector sql_injection block -> off", "tightens: detector ssrf monitor -> block",
        "loosens: exclusion 'scan' added: detectors all; paths any; clients 10.0.0.0/8",
        "loosens: audit.redact no longer hides 'token'");
    assertThat(run("policy", "diff", old.toString(), next.toString(), "--fail-on-loosen")).isEqualTo(3);
    assertThat(run("policy", "diff", next.toString(), next.toString(), "--fail-on-loosen")).isZero();
    assertThat(run("policy", "diff", old.toString(), file("bad.json", "{\"version\":1,\"mode\":\"x\"}").toString())).isEqualTo(1);
    assertThat(out()).contains("bad.json: /mode:");
    assertThat(run("policy", "diff", old.toString())).isEqualTo(2);
  }

  @Test
  void summaryCountsAggregatesByTheirCountAndHonoursTheTimeRange() throws Exception {
    Path log = file("audit.jsonl",
        finding("2026-11-28T10:00:00Z", "blocked", "/books", "id", "10.0.0.1", null)
            + finding("2026-11-28T10:00:01Z", "blocked", "/books", "id", "10.0.0.1", 997L)
            + finding("2026-11-28T11:00:00Z", "monitored", "/search", "q", "10.0.0.2", null)
            + "not json\n"
            + "{\"timestamp\":\"2026-11-28T09:00:00Z\",\"event_id\":\"p\",\"event_type\":\"policy_loaded\"}\n");
    assertThat(run("audit", "summary", log.toString())).isZero();
    assertThat(out()).contains("999 finding(s)", "blocked 998, monitored 1", "998  GET /books", "1  GET /search",
        "998  10.0.0.1", "1  policy_loaded");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 line(s) are not audit events", "audit.jsonl:4");
    out.reset();
    assertThat(run("audit", "summary", log.toString(), "--from", "2026-11-28T10:30:00Z", "--to", "2026-11-29")).isZero();
    assertThat(out()).contains("1 finding(s)", "blocked 0, monitored 1");
    assertThat(run("audit", "summary", log.toString(), "--from", "yesterday")).isEqualTo(2);
    assertThat(run("audit", "summary", dir.resolve("missing.jsonl").toString())).isEqualTo(1);
  }

  @Test
  void theReportIsSelfContainedAndEscapesWhatAttackersSent() throws Exception {
    Path log = file("audit.jsonl",
        finding("2026-11-28T10:00:00Z", "blocked", "/x\\\"><script>alert(1)</script>", "id", "10.0.0.1", null)
            + finding("2026-11-28T10:05:00Z", "monitored", "/books", "id", "10.0.0.2", 5L));
    Path html = dir.resolve("out/report.html");
    assertThat(run("audit", "report", log.toString(), "--html", html.toString())).isZero();
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy", "<svg", "6 finding(s): 1 blocked, 5 monitored")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script").doesNotContain("src=");
    assertThat(run("audit", "report", log.toString())).as("--html is required").isEqualTo(2);
  }
}
