package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Block mode: real attacks on every vulnerable endpoint are answered with the block response and audited once. */
class SqlInjectionBlockingIT {

  /** One attack: the request, the input that carries it, and a piece of the SQL it reaches. */
  record Attack(String label, Http.Call call, String inputName, String inputValue, boolean secret, String sqlFragment) {
    @Override
    public String toString() {
      return label;
    }
  }

  static final String LOGIN_PASSWORD = "Pw-only-in-this-request-4711";
  static final String INJECTED_PASSWORD = "x' OR 'a'='a";

  static final List<Attack> ATTACKS = List.of(
      new Attack("numeric tautology /books?id=1 OR 1=1",
          Http.Call.get("/books", Http.JSON, "id", "1 OR 1=1"), "id", "1 OR 1=1", false,
          "FROM bookstore_books WHERE id = 1 OR 1=1"),
      new Attack("stacked DROP TABLE /books (HTML client)",
          Http.Call.get("/books", Http.HTML, "id", "1;DROP TABLE bookstore_books"), "id",
          "1;DROP TABLE bookstore_books", false, "WHERE id = 1;DROP TABLE bookstore_books"),
      new Attack("string tautology /search",
          Http.Call.get("/search", Http.JSON, "q", "' OR '1'='1"), "q", "' OR '1'='1", false,
          "WHERE title LIKE '%' OR '1'='1%'"),
      new Attack("UNION /search",
          Http.Call.get("/search", Http.JSON, "q", "x' UNION SELECT id, username FROM bookstore_users-- "), "q",
          "x' UNION SELECT id, username FROM bookstore_users-- ", false, "LIKE '%x' UNION SELECT id, username"),
      new Attack("short comment /search?q='--",
          Http.Call.get("/search", Http.JSON, "q", "'--"), "q", "'--", false, "LIKE '%'--%'"),
      new Attack("comment-out login /login username=admin'--",
          Http.Call.post("/login", Http.JSON, "username", "admin'--", "password", LOGIN_PASSWORD), "username",
          "admin'--", false, "FROM bookstore_users WHERE username='admin'--'"),
      new Attack("password tautology /login (HTML client)",
          Http.Call.post("/login", Http.HTML, "username", "alice", "password", INJECTED_PASSWORD), "password",
          INJECTED_PASSWORD, true, "FROM bookstore_users WHERE username='alice'"),
      new Attack("ORDER BY subquery /books/sorted",
          Http.Call.get("/books/sorted", Http.JSON, "order", "id,(SELECT 1)"), "order", "id,(SELECT 1)", false,
          "ORDER BY id,(SELECT 1)"),
      new Attack("ORDER BY CASE /books/sorted",
          Http.Call.get("/books/sorted", Http.JSON, "order", "(CASE WHEN 1=1 THEN id ELSE title END)"), "order",
          "(CASE WHEN 1=1 THEN id ELSE title END)", false, "ORDER BY (CASE WHEN 1=1 THEN id ELSE title END)"));

  static Stream<Arguments> attacks() {
    List<Arguments> args = new ArrayList<>();
    for (String db : Databases.ALL) {
      for (Attack attack : ATTACKS) {
        args.add(Arguments.of(db, attack));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("attacks")
  void attackIsBlockedAndAuditedOnce(String db, Attack attack) {
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK);
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, attack.call());
    boolean json = Http.JSON.equals(attack.call().accept());
    String bodyEventId = Expect.blockResponse(response, json, attack.call().toString());

    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("audit events of %s (exactly one expected):\n%s", attack.call(), Audit.describe(events))
        .hasSize(1);
    JsonNode event = events.get(0);
    Expect.finding(event, "blocked", "it-block-" + db, attack.call(), attack.inputName(), attack.inputValue(),
        attack.secret(), attack.sqlFragment());
    String eventId = event.path("event_id").asText();
    if (json) {
      assertThat(bodyEventId).as("event_id in the block response and in the audit event").isEqualTo(eventId);
    } else {
      assertThat(response.body()).as("the HTML block page names the event id").contains(eventId);
    }

    if (attack.call().path().equals("/login")) {
      String password = attack.call().params().get("password");
      assertThat(AuditLogReader.text(app.auditLog)).as("the password %s must never appear in %s", password, app.auditLog)
          .doesNotContain(password);
    }

    // The statement never ran: the tables are all still there with their data.
    Http.Response all = Http.get(app, "/books/all", Http.JSON);
    assertThat(all.status()).as("/books/all after %s: %s", attack, all).isEqualTo(200);
    assertThat(Expect.parse(all.body(), "/books/all").path("books").size()).isEqualTo(6);
  }
}
