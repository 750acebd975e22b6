package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Monitor mode: the attack goes through exactly as without the agent, and is audited as monitored. */
class MonitorModeIT {

  /** Attacks that only read, since here they really run. */
  static final List<SqlInjectionBlockingIT.Attack> ATTACKS = List.of(
      new SqlInjectionBlockingIT.Attack("numeric tautology /books",
          Http.Call.get("/books", Http.JSON, "id", "1 OR 1=1"), "id", "1 OR 1=1", false,
          "FROM bookstore_books WHERE id = 1 OR 1=1"),
      new SqlInjectionBlockingIT.Attack("UNION /search",
          Http.Call.get("/search", Http.JSON, "q", "x' UNION SELECT id, username FROM bookstore_users-- "), "q",
          "x' UNION SELECT id, username FROM bookstore_users-- ", false, "LIKE '%x' UNION SELECT id, username"),
      new SqlInjectionBlockingIT.Attack("comment-out login /login",
          Http.Call.post("/login", Http.JSON, "username", "admin'-- ", "password", "Pw-monitor-only-0815"), "username",
          "admin'-- ", false, "FROM bookstore_users WHERE username='admin'-- '"),
      new SqlInjectionBlockingIT.Attack("ORDER BY subquery /books/sorted",
          Http.Call.get("/books/sorted", Http.JSON, "order", "id,(SELECT 1)"), "order", "id,(SELECT 1)", false,
          "ORDER BY id,(SELECT 1)"));

  static Stream<Arguments> attacks() {
    List<Arguments> args = new ArrayList<>();
    for (String db : Databases.ALL) {
      for (SqlInjectionBlockingIT.Attack attack : ATTACKS) {
        args.add(Arguments.of(db, attack));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("attacks")
  void attackPassesAndIsMonitored(String db, SqlInjectionBlockingIT.Attack attack) {
    AppProcess reference = Apps.get(db, Apps.Kind.NO_AGENT);
    AppProcess app = Apps.get(db, Apps.Kind.MONITOR);
    Http.Response expected = Http.send(reference, attack.call());
    int mark = Audit.mark(app);

    Http.Response actual = Http.send(app, attack.call());

    Expect.sameResponse(actual, expected, attack.call().toString());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("audit events of %s (exactly one expected):\n%s", attack.call(), Audit.describe(events))
        .hasSize(1);
    Expect.finding(events.get(0), "monitored", "it-monitor-" + db, attack.call(), attack.inputName(),
        attack.inputValue(), attack.secret(), attack.sqlFragment());
    if (attack.call().path().equals("/login")) {
      String password = attack.call().params().get("password");
      assertThat(AuditLogReader.text(app.auditLog)).as("the password must never appear in %s", app.auditLog)
          .doesNotContain(password);
    }
  }
}
