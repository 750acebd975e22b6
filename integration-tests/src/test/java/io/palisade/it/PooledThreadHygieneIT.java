package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One Tomcat worker thread serves every request, so a request context that leaked would be seen by
 * the next request. {@code name=id, title FROM} matches part of the static SQL of /books/all and
 * crosses its tokens: if it leaked into the next request, /books/all would be blocked.
 */
class PooledThreadHygieneIT {
  static final String LEAKY_VALUE = "id, title FROM";

  static List<String> databases() {
    return Databases.ALL;
  }

  @ParameterizedTest(name = "[{0}] values of one request never reach the next on the same thread")
  @MethodSource("databases")
  void requestValuesDoNotLeakIntoTheNextRequest(String db) {
    AppProcess reference = Apps.get(db, Apps.Kind.NO_AGENT);
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK_ONE_THREAD);
    Http.Response expectedAll = Http.get(reference, "/books/all", Http.JSON);
    assertThat(expectedAll.status()).isEqualTo(200);

    for (int round = 1; round <= 5; round++) {
      int mark = Audit.mark(app);
      Http.Response hello = Http.get(app, "/hello", Http.JSON, "name", LEAKY_VALUE);
      assertThat(hello.status()).as("round %d: /hello %s", round, hello).isEqualTo(200);
      assertThat(hello.body()).contains(LEAKY_VALUE);

      Http.Response all = Http.get(app, "/books/all", Http.JSON);
      Expect.sameResponse(all, expectedAll, "round " + round + ": /books/all after /hello?name=" + LEAKY_VALUE);

      List<JsonNode> events = Expect.findings(Audit.since(app, mark));
      assertThat(events).as("round %d: audit events of /hello then /books/all:\n%s", round, Audit.describe(events))
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "[{0}] a blocked request does not block the next one on the same thread")
  @MethodSource("databases")
  void blockedStateDoesNotLeakIntoTheNextRequest(String db) {
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK_ONE_THREAD);
    for (int round = 1; round <= 3; round++) {
      Http.Response attack = Http.get(app, "/books", Http.JSON, "id", "1 OR 1=1");
      Expect.blockResponse(attack, true, "round " + round + ": /books?id=1 OR 1=1");
      Http.Response next = Http.get(app, "/books", Http.JSON, "id", "1");
      assertThat(next.status()).as("round %d: /books?id=1 right after a blocked request: %s", round, next)
          .isEqualTo(200);
      assertThat(Expect.parse(next.body(), "/books?id=1").path("books").size()).isEqualTo(1);
    }
  }
}
