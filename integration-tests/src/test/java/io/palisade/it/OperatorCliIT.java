package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator's commands run as operators run them ({@code java -jar palisade-agent.jar ...}) on the
 * audit log of a real attacked app and on the example policies; the HTML report is rendered in
 * headless Chromium (screenshot next to the report); {@code attach} loads the agent into a running
 * bookstore, and a JVM that refuses attach gets a clear error.
 */
class OperatorCliIT {
  static final Path CHROMIUM = Path.of(System.getProperty("palisade.it.chromium", "/usr/bin/chromium"));

  record Run(int exit, String out, String err) {}

  static Run cli(Path workDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ItEnv.java(), "-jar", ItEnv.agentJar().toString()));
    command.addAll(List.of(args));
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "cli", ".out");
    Path err = Files.createTempFile(workDir, "cli", ".err");
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("palisade " + String.join(" ", args) + " still runs after 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void summaryAndReportOfARealAuditLogRenderInHeadlessChromium() throws Exception {
    AppProcess app = Apps.get("h2", Apps.Kind.BLOCK);
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(app, "/books", Http.JSON, "id", (900 + i) + " OR 1=1").status()).isEqualTo(403);
    }
    assertThat(Http.get(app, "/search", Http.JSON, "q", "<script>alert(1)</script>' OR '1'='1").status()).isEqualTo(403);
    Audit.since(app, Audit.mark(app)); // every event so far is on disk
    Path work = ItEnv.workDir().resolve("operator-cli");

    // The block-mode bookstore is shared with other ITs: its log holds their endpoints too.
    Run summary = cli(work, "audit", "summary", app.auditLog.toString(), "--top", "50");
    assertThat(summary.exit()).as(summary.err()).isZero();
    assertThat(summary.out()).contains("by detector:", "sql_injection", "GET /books", "GET /search", "parameter id", "127.0.0.1");
    assertThat(summary.out()).containsPattern("blocked \\d+, monitored 0");

    Run future = cli(work, "audit", "summary", app.auditLog.toString(), "--from", "2999-01-01");
    assertThat(future.out()).contains("0 finding(s)");

    Path html = work.resolve("report.html");
    Run report = cli(work, "audit", "report", app.auditLog.toString(), "--html", html.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    String page = Files.readString(html);
    assertThat(page).contains("<svg", "Events over time", "Top endpoints", "Top sources", "Blocked vs monitored")
        .doesNotContain("<script>alert(1)").doesNotContain("http://").doesNotContain("https://");

    assertThat(Files.isExecutable(CHROMIUM)).as("headless Chromium at %s (.ci/run installs it)", CHROMIUM).isTrue();
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    Path screenshot = work.resolve("report.png");
    List<String> chromium = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1280,1000");
    Process shot = new ProcessBuilder(concat(chromium, "--screenshot=" + screenshot, html.toUri().toString()))
        .redirectErrorStream(true).redirectOutput(work.resolve("chromium-screenshot.log").toFile()).start();
    assertThat(shot.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).as("a rendered page, not a blank one").isGreaterThan(20_000);
    Process dom = new ProcessBuilder(concat(chromium, "--dump-dom", html.toUri().toString()))
        .redirectError(work.resolve("chromium-dom.log").toFile()).start();
    String rendered = new String(dom.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(dom.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(rendered).as("the DOM Chromium built").contains("<svg", "<rect", "GET /books");
    assertThat(rendered).doesNotContain("<script");
  }

  @Test
  void policyDiffOfTheExamplesSaysWhatLoosensAndFailsCiWhenAsked() throws Exception {
    Path examples = ItEnv.agentJar().toAbsolutePath().getParent().getParent().getParent().resolve("policy-schema/examples");
    Path work = ItEnv.workDir().resolve("operator-cli");
    Run diff = cli(work, "policy", "diff", examples.resolve("prod.json").toString(), examples.resolve("dev.json").toString(),
        "--fail-on-loosen");
    assertThat(diff.exit()).as(diff.out() + diff.err()).isEqualTo(3);
    assertThat(diff.out()).contains("loosens: global mode block -> monitor", "loosens: detector sql_injection block -> monitor");
    Run same = cli(work, "policy", "diff", examples.resolve("prod.json").toString(), examples.resolve("prod.json").toString(),
        "--fail-on-loosen");
    assertThat(same.exit()).isZero();
    assertThat(same.out()).contains("no change to protection");
    Run help = cli(work, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("policy diff", "audit summary", "audit report", "attach PID");
    assertThat(cli(work, "audit", "summary").exit()).isEqualTo(2);
  }

  @Test
  void attachLoadsTheAgentIntoARunningAppAndTheNextAttackIsBlocked() throws Exception {
    String name = "attach-target-h2";
    try (AppProcess app = AppProcess.start(new AppProcess.Spec(name, "h2"))) {
      assertThat(Http.get(app, "/books", Http.JSON, "id", "1 OR 1=1").status()).as("no agent yet").isEqualTo(200);
      Path policy = app.dir.resolve("attach-policy.json");
      Files.writeString(policy, AppProcess.policy("attached", "block", app.dir));

      Run invalid = cli(app.dir, "attach", String.valueOf(app.process.pid()), "--policy", writeInvalid(app.dir).toString());
      assertThat(invalid.exit()).isEqualTo(1);
      assertThat(invalid.err()).contains("not attaching", "/mode");

      Run attach = cli(app.dir, "attach", String.valueOf(app.process.pid()), "--policy", "attach-policy.json");
      assertThat(attach.exit()).as(attach.out() + attach.err() + app.outputs()).isZero();
      assertThat(attach.out()).contains("attached Palisade to process " + app.process.pid());
      assertThat(Http.get(app, "/books", Http.JSON, "id", "1 OR 1=1").status()).as("blocked after attach\n%s", app.outputs())
          .isEqualTo(403);
      assertThat(Http.get(app, "/books", Http.JSON, "id", "1").status()).isEqualTo(200);
      assertThat(AuditLogReader.text(app.auditLog)).contains("attached to the running JVM");
    }
  }

  @Test
  void aJvmThatRefusesAttachGetsAClearError() throws Exception {
    String name = "attach-refused-h2";
    try (AppProcess app = AppProcess.start(new AppProcess.Spec(name, "h2").jvmArg("-XX:+DisableAttachMechanism"))) {
      Run refused = cli(app.dir, "attach", String.valueOf(app.process.pid()));
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).contains("refused the attach", "DisableAttachMechanism");
    }
    Run noSuch = cli(ItEnv.workDir().resolve("operator-cli"), "attach", "999999999");
    assertThat(noSuch.exit()).isEqualTo(1);
    assertThat(noSuch.err()).contains("no process 999999999");
  }

  private static Path writeInvalid(Path dir) throws IOException {
    Path file = dir.resolve("invalid-policy.json");
    Files.writeString(file, "{\"version\":1,\"mode\":\"blokc\"}");
    return file;
  }

  private static List<String> concat(List<String> list, String... more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(List.of(more));
    return all;
  }
}
