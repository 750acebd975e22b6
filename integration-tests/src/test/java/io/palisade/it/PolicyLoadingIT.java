package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Without a policy the agent monitors (and says so); with an invalid policy it names the error, keeps
 * the app serving in monitor mode and audits a policy_error, unless -Dpalisade.strict=true, when the
 * JVM exits non-zero. Each app here runs in its own working directory, where the default audit log
 * {@code palisade-audit.jsonl} lands.
 */
class PolicyLoadingIT {
  static final String INVALID_POLICY = "{\"version\":1,\"mode\":\"blokc\"}";
  static final Http.Call ATTACK = Http.Call.get("/books", Http.JSON, "id", "1 OR 1=1");

  static List<String> databases() {
    return Databases.ALL;
  }

  @ParameterizedTest(name = "[{0}] no policy: monitor mode, said on stderr, attack logged as monitored")
  @MethodSource("databases")
  void noPolicyMeansMonitorMode(String db) throws IOException {
    AppProcess reference = Apps.get(db, Apps.Kind.NO_AGENT);
    try (AppProcess app = AppProcess.start(new AppProcess.Spec("no-policy-" + db, db).agent(null))) {
      String line = Polling.until(() -> stderrLine(app, "monitor", "polic"), Polling.DEFAULT_DEADLINE,
          () -> "no stderr line says the agent runs in monitor mode without a policy\n" + app.outputs());
      assertThat(line).isNotBlank();

      assertAttackMonitored(app, reference);
    }
  }

  @ParameterizedTest(name = "[{0}] invalid policy: error named, app serves, attack monitored, policy_error audited")
  @MethodSource("databases")
  void invalidPolicyFallsBackToMonitorMode(String db) throws IOException {
    AppProcess reference = Apps.get(db, Apps.Kind.NO_AGENT);
    try (AppProcess app = AppProcess.start(new AppProcess.Spec("invalid-policy-" + db, db).agent(INVALID_POLICY))) {
      String line = Polling.until(() -> stderrLine(app, "/mode"), Polling.DEFAULT_DEADLINE,
          () -> "no stderr line names /mode of the invalid policy " + INVALID_POLICY + "\n" + app.outputs());
      assertThat(line.toLowerCase(Locale.ROOT)).as("the stderr line about /mode gives the reason: %s", line)
          .containsAnyOf("blokc", "block", "enum", "one of", "allowed");

      assertThat(Http.get(app, "/health", Http.JSON).status()).as("the app still serves").isEqualTo(200);
      assertAttackMonitored(app, reference);

      List<JsonNode> errors = AuditLogReader.events(app.auditLog).stream()
          .filter(e -> "policy_error".equals(AuditLogReader.type(e)))
          .collect(Collectors.toList());
      assertThat(errors).as("policy_error events in %s:\n%s", app.auditLog,
          AuditLogReader.text(app.auditLog)).isNotEmpty();
      assertThat(errors.get(0).toString()).as("the policy_error event names /mode").contains("/mode");
    }
  }

  @ParameterizedTest(name = "[{0}] invalid policy with -Dpalisade.strict=true: the JVM exits non-zero")
  @MethodSource("databases")
  void strictModeRefusesInvalidPolicy(String db) throws IOException, InterruptedException {
    AppProcess.Spec spec = new AppProcess.Spec("strict-invalid-policy-" + db, db)
        .agent(INVALID_POLICY)
        .jvmArg("-Dpalisade.strict=true");
    try (AppProcess app = AppProcess.launch(spec)) {
      int exit = app.awaitExit(AppProcess.START_TIMEOUT);
      assertThat(exit).as("exit code with an invalid policy in strict mode\n%s", app.outputs()).isNotZero();
      assertThat(app.stdoutText()).as("the app must not have served").doesNotContain("listening on port");
      assertThat(app.stderrText()).as("stderr names the error").contains("/mode");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  private static void assertAttackMonitored(AppProcess app, AppProcess reference) {
    Http.Response expected = Http.send(reference, ATTACK);
    int mark = Audit.mark(app);
    Http.Response actual = Http.send(app, ATTACK);
    Expect.sameResponse(actual, expected, ATTACK + " (monitor mode: passes unchanged)");
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("audit events of %s:\n%s", ATTACK, Audit.describe(events)).hasSize(1);
    JsonNode e = events.get(0);
    assertThat(e.path("action").asText()).as("action of %s", e).isEqualTo("monitored");
    assertThat(e.path("detector").asText()).isEqualTo("sql_injection");
    assertThat(e.path("input").path("value").asText()).isEqualTo("1 OR 1=1");
  }

  /** The first stderr line that contains every fragment (case-insensitive), or null. */
  private static String stderrLine(AppProcess app, String... fragments) {
    return Arrays.stream(app.stderrText().split("\\R"))
        .filter(l -> Arrays.stream(fragments).allMatch(f -> l.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT))))
        .findFirst().orElse(null);
  }

}
