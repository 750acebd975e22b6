package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Benign traffic in block mode: the same answer as without the agent, and no audit event. */
class BenignRequestsIT {

  static final List<Http.Call> CALLS = List.of(
      Http.Call.get("/escaped/authors", Http.JSON, "name", "O'Brien"),
      Http.Call.get("/search", Http.JSON, "q", "SELECT"),
      Http.Call.get("/search", Http.JSON, "q", "SELECT * FROM users"),
      Http.Call.get("/search", Http.HTML, "q", "Guards"),
      Http.Call.get("/books", Http.JSON, "id", "3"),
      Http.Call.get("/books", Http.JSON, "id", "42"),
      Http.Call.get("/books/sorted", Http.JSON, "order", "title"),
      Http.Call.get("/books/in", Http.JSON, "ids", "1,2,3"),
      Http.Call.get("/books/lenient", Http.JSON, "id", "2"),
      Http.Call.get("/books/retry", Http.JSON, "id", "2"),
      Http.Call.get("/safe/search", Http.JSON, "q", "O'Brien's \"best\" -- novel; SELECT"),
      Http.Call.get("/safe/books", Http.JSON, "id", "1' OR '1'='1"),
      Http.Call.get("/safe/books", Http.JSON, "id", "5"),
      Http.Call.get("/safe/books/sorted", Http.JSON, "order", "title; DROP TABLE bookstore_books"),
      Http.Call.post("/safe/login", Http.JSON, "username", "admin'--", "password", "x' OR 'a'='a"),
      Http.Call.post("/login", Http.JSON, "username", "alice", "password", "wonderland-42"),
      Http.Call.post("/login", Http.JSON, "username", "bob", "password", "wrong-password"),
      Http.Call.get("/hello", Http.JSON, "name", "Robert'); DROP TABLE Students;--"));

  static Stream<Arguments> calls() {
    List<Arguments> args = new ArrayList<>();
    for (String db : Databases.ALL) {
      for (Http.Call call : CALLS) {
        args.add(Arguments.of(db, call));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("calls")
  void benignRequestPassesUnchangedAndUnreported(String db, Http.Call call) {
    AppProcess reference = Apps.get(db, Apps.Kind.NO_AGENT);
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK);
    Http.Response expected = Http.send(reference, call);
    int mark = Audit.mark(app);

    Http.Response actual = Http.send(app, call);

    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    Expect.sameResponse(actual, expected, call.toString());
    assertThat(events).as("audit events of benign %s:\n%s", call, Audit.describe(events)).isEmpty();
    if (call.path().equals("/login")) {
      assertThat(AuditLogReader.text(app.auditLog)).doesNotContain(call.params().get("password"));
    }
  }
}
