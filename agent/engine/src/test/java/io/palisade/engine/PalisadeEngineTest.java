package io.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.bootstrap.RequestScope;
import io.palisade.engine.context.FakeServletRequest;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.Policy;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine behind the bridge, driven directly: request scope, SQL check, blocking, audit. */
class PalisadeEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Connection h2;
  private AuditLog audit;

  @BeforeEach
  void openDatabase() throws Exception {
    h2 = DriverManager.getConnection("jdbc:h2:mem:engine-test;DB_CLOSE_DELAY=-1");
  }

  @AfterEach
  void close() throws Exception {
    RequestScope.clear();
    h2.close();
    if (audit != null) {
      audit.close();
    }
  }

  private PalisadeEngine engine(String mode) throws Exception {
    String policyJson = "{\"version\":1,\"name\":\"unit\",\"mode\":\"" + mode + "\",\"audit\":{\"path\":\"x.jsonl\"}}";
    PolicyLoadResult loaded = PolicyLoader.parse(policyJson.getBytes(StandardCharsets.UTF_8), "unit.json");
    assertThat(loaded.errors()).isEmpty();
    Policy policy = loaded.policy();
    audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
    return new PalisadeEngine(new FindingReporter(new PolicyState(policy, audit), ServiceInfo.detect()));
  }

  private List<JsonNode> auditEvents() throws Exception {
    audit.flush();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  @Test
  void blocksAnInjectionWritesTheBlockResponseAndOneEvent() throws Exception {
    PalisadeEngine engine = engine("block");
    Object request = new FakeServletRequest("GET", "/books", "id=1+OR+1%3D1").header("Accept", "application/json").as("jakarta.servlet");
    FakeServletResponse response = new FakeServletResponse();
    Object scope = engine.requestEnter(request, response.proxy());

    PalisadeBlockedException blocked =
        catchBlocked(() -> engine.checkSql(h2, "SELECT * FROM books WHERE id = 1 OR 1=1", "executeQuery"));

    assertThat(response.status).isEqualTo(403);
    assertThat(response.contentType).startsWith("application/json");
    assertThat(JSON.readTree(response.bodyText()).path("event_id").asText()).isEqualTo(blocked.eventId());
    List<JsonNode> events = auditEvents();
    assertThat(events).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.path("event_id").asText()).isEqualTo(blocked.eventId());
    assertThat(event.path("detector").asText()).isEqualTo("sql_injection");
    assertThat(event.path("action").asText()).isEqualTo("blocked");
    assertThat(event.path("input").path("name").asText()).isEqualTo("id");
    assertThat(event.path("input").path("value").asText()).isEqualTo("1 OR 1=1");
    assertThat(event.path("sink").path("target").asText()).contains("WHERE id = 1 OR 1=1");
    assertThat(event.path("response_committed").asBoolean()).isFalse();

    // Every later sink of the blocked request is blocked too, without a second event.
    assertThatThrownBy(() -> engine.checkSql(h2, "SELECT 1", "executeQuery")).isSameAs(blocked);
    // At the outermost exit the blocking exception is swallowed: the block response is sent.
    assertThat(engine.requestExit(scope, new RuntimeException("wrapped", blocked))).isNull();
    assertThat(RequestScope.current()).isNull();
    assertThat(auditEvents()).hasSize(1);
  }

  @Test
  void aResponseAlreadyCommittedIsAbortedRatherThanCompleted() throws Exception {
    PalisadeEngine engine = engine("block");
    Object request = new FakeServletRequest("GET", "/stream", "id=1+OR+1%3D1").as("jakarta.servlet");
    FakeServletResponse response = new FakeServletResponse();
    response.committed = true;
    Object scope = engine.requestEnter(request, response.proxy());

    PalisadeBlockedException blocked =
        catchBlocked(() -> engine.checkSql(h2, "SELECT * FROM books WHERE id = 1 OR 1=1", "executeQuery"));

    assertThat(response.status).isEqualTo(200);
    assertThat(response.closed).as("not completed normally: the container aborts it").isFalse();
    assertThat(auditEvents()).singleElement().satisfies(event -> {
      assertThat(event.path("action").asText()).isEqualTo("blocked_after_commit");
      assertThat(event.path("response_committed").asBoolean()).isTrue();
    });
    // Even when the application swallowed the exception, the servlet call ends with it, so the
    // container aborts the connection instead of finishing the response.
    assertThat(engine.requestExit(scope, null)).isSameAs(blocked);
  }

  @Test
  void aResponseThatCannotBeWrittenStillGetsTheStatementRefused() throws Exception {
    PalisadeEngine engine = engine("block");
    Object request = new FakeServletRequest("GET", "/books", "id=1+OR+1%3D1").as("jakarta.servlet");
    FakeServletResponse response = new FakeServletResponse();
    response.broken = true;
    Object scope = engine.requestEnter(request, response.proxy());

    PalisadeBlockedException blocked =
        catchBlocked(() -> engine.checkSql(h2, "SELECT * FROM books WHERE id = 1 OR 1=1", "executeQuery"));

    assertThat(auditEvents()).singleElement().satisfies(event -> {
      assertThat(event.path("event_id").asText()).isEqualTo(blocked.eventId());
      assertThat(event.path("action").asText()).isEqualTo("blocked");
      assertThat(event.has("response_committed")).as("unknown, so not claimed").isFalse();
    });
    engine.requestExit(scope, blocked);
  }

  @Test
  void monitorModeLetsTheStatementRunAndLogsIt() throws Exception {
    PalisadeEngine engine = engine("monitor");
    Object request = new FakeServletRequest("GET", "/books", "id=1+OR+1%3D1").as("javax.servlet");
    FakeServletResponse response = new FakeServletResponse();
    Object scope = engine.requestEnter(request, response.proxy());

    engine.checkSql(h2, "SELECT * FROM books WHERE id = 1 OR 1=1", "executeQuery");

    assertThat(response.status).isEqualTo(200);
    assertThat(response.committed).isFalse();
    assertThat(auditEvents()).singleElement().satisfies(event -> assertThat(event.path("action").asText()).isEqualTo("monitored"));
    engine.requestExit(scope, null);
  }

  @Test
  void benignValuesPassUntouched() throws Exception {
    PalisadeEngine engine = engine("block");
    Object request = new FakeServletRequest("GET", "/authors", "name=O%27Brien&id=42&ids=1,2,3").as("jakarta.servlet");
    FakeServletResponse response = new FakeServletResponse();
    Object scope = engine.requestEnter(request, response.proxy());

    engine.checkSql(h2, "SELECT * FROM authors WHERE name = 'O''Brien'", "executeQuery");
    engine.checkSql(h2, "SELECT * FROM books WHERE id = 42", "executeQuery");
    engine.checkSql(h2, "SELECT * FROM books WHERE id IN (1,2,3)", "executeQuery");

    assertThat(engine.requestExit(scope, null)).isNull();
    assertThat(response.status).isEqualTo(200);
    assertThat(auditEvents()).isEmpty();
  }

  @Test
  void aPayloadTheApplicationDecodedItselfIsFoundAndTheEventSaysHow() throws Exception {
    PalisadeEngine engine = engine("monitor");
    // base64("1 OR 1=1") in a cookie, and a double URL-encoded parameter
    Object request = new FakeServletRequest("GET", "/books", "filter=title%2527%2520OR%2520%2527a%2527%253D%2527a")
        .header("Cookie", "prefs=MSBPUiAxPTE=")
        .as("jakarta.servlet");
    Object scope = engine.requestEnter(request, new FakeServletResponse().proxy());

    engine.checkSql(h2, "SELECT * FROM books WHERE id = 1 OR 1=1", "executeQuery");
    engine.checkSql(h2, "SELECT * FROM books WHERE title = 'title' OR 'a'='a'", "executeQuery");
    engine.requestExit(scope, null);

    assertThat(auditEvents()).hasSize(2);
    assertThat(auditEvents().get(0).path("input").toString())
        .contains("\"source\":\"cookie\"", "\"name\":\"prefs\"", "\"value\":\"1 OR 1=1\"", "\"decoding\":\"base64\"");
    assertThat(auditEvents().get(1).path("input").toString())
        .contains("\"name\":\"filter\"", "\"decoding\":\"url\"");
  }

  @Test
  void workHandedToAnotherThreadSeesTheRequestUntilItEnds() throws Exception {
    PalisadeEngine engine = engine("monitor");
    io.palisade.bootstrap.Bridge.install(engine);
    try {
      Object request = new FakeServletRequest("GET", "/async", "id=1+OR+1%3D1").as("jakarta.servlet");
      Object scope = engine.requestEnter(request, new FakeServletResponse().proxy());
      Runnable query = () -> engine.checkSql(h2, "SELECT * FROM books WHERE id = 1 OR 1=1", "executeQuery");
      Runnable duringRequest = io.palisade.bootstrap.Bridge.wrapTask(query);
      Runnable afterRequest = io.palisade.bootstrap.Bridge.wrapTask(query);

      runOnAnotherThread(duringRequest);
      assertThat(auditEvents()).as("the worker saw the request's inputs").hasSize(1);

      engine.requestExit(scope, null);
      runOnAnotherThread(afterRequest);
      assertThat(auditEvents()).as("work that outlives its request runs without its context").hasSize(1);
    } finally {
      io.palisade.bootstrap.Bridge.install(null);
    }
  }

  private static void runOnAnotherThread(Runnable task) throws InterruptedException {
    Thread thread = new Thread(task);
    thread.start();
    thread.join();
  }

  @Test
  void aPooledThreadNeverCarriesOneRequestsValuesIntoTheNext() throws Exception {
    PalisadeEngine engine = engine("block");
    // First request carries a value that matches across tokens of the second request's static SQL.
    Object first = new FakeServletRequest("GET", "/hello", "name=id,+title+FROM").as("jakarta.servlet");
    RuntimeException applicationFailure = new RuntimeException("application failed");
    Object firstScope = engine.requestEnter(first, new FakeServletResponse().proxy());
    assertThat(engine.requestExit(firstScope, applicationFailure)).isSameAs(applicationFailure);
    assertThat(RequestScope.current()).isNull();

    Object second = new FakeServletRequest("GET", "/books/all", null).as("jakarta.servlet");
    FakeServletResponse response = new FakeServletResponse();
    Object secondScope = engine.requestEnter(second, response.proxy());
    engine.checkSql(h2, "SELECT id, title FROM books ORDER BY id", "executeQuery");
    engine.requestExit(secondScope, null);

    assertThat(response.status).isEqualTo(200);
    assertThat(auditEvents()).isEmpty();
  }

  @Test
  void nestedEntriesBelongToTheOutermostRequest() throws Exception {
    PalisadeEngine engine = engine("block");
    Object request = new FakeServletRequest("GET", "/a", null).as("jakarta.servlet");
    Object outer = engine.requestEnter(request, new FakeServletResponse().proxy());
    assertThat(engine.requestEnter(request, new FakeServletResponse().proxy())).isNull();
    assertThat(RequestScope.current()).isSameAs(outer);
    engine.requestExit(outer, null);
    assertThat(RequestScope.current()).isNull();
  }

  private static PalisadeBlockedException catchBlocked(Runnable sink) {
    try {
      sink.run();
    } catch (PalisadeBlockedException e) {
      return e;
    }
    throw new AssertionError("expected the sink to be blocked");
  }
}
