package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The servlet-container matrix: the same inventory app ({@code demo-apps/servlet-containers}) on one
 * container per subclass, with the agent attached. In block mode a SQL injection from a JSON body
 * field (read as a stream and through the reader), a header (also in work handed over with
 * {@code AsyncContext.start}) and a path segment is refused with the
 * block response and exactly one audit event naming the input, and the data is untouched; the
 * container's error page and the app's framework-style exception filter never replace the block;
 * a block after the response was committed cuts the connection. Benign requests (O'Brien, SQL words,
 * the error page itself, a streamed export) are answered exactly as without the agent. Monitor mode
 * lets the attacks through and logs them.
 *
 * <p>Each container JVM (without the agent, in block mode, in monitor mode) starts once per class and
 * database, and stops when the class ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InventoryContainerTests {
  private static final String JSON = "application/json";
  private static final AtomicInteger SENTINELS = new AtomicInteger(5000);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  enum Kind { NO_AGENT, BLOCK, MONITOR }

  /** One request to the inventory: method, path with query, optional JSON body, headers, Accept. */
  record Call(String label, String method, String pathAndQuery, String jsonBody, List<String> headers, String accept) {
    static Call get(String label, String pathAndQuery, String... headerNamesAndValues) {
      return new Call(label, "GET", pathAndQuery, null, List.of(headerNamesAndValues), JSON);
    }

    static Call post(String label, String pathAndQuery, String jsonBody) {
      return new Call(label, "POST", pathAndQuery, jsonBody, List.of(), JSON);
    }

    Call accept(String value) {
      return new Call(label, method, pathAndQuery, jsonBody, headers, value);
    }

    String path() {
      int q = pathAndQuery.indexOf('?');
      return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** An attack: the call, the input the event must name, a piece of the SQL it reaches. */
  record Attack(Call call, String source, String inputName, String inputValue, String sqlFragment, boolean mutating) {
    @Override
    public String toString() {
      return call.label();
    }
  }

  /** A benign call and the status the app gives it without the agent. */
  record Benign(Call call, int status) {
    @Override
    public String toString() {
      return call.label() + " -> " + status;
    }
  }

  static final String TAUTOLOGY = "x' OR '1'='1";
  // MariaDB needs a blank after "--" for a comment.
  static final String UNION = "x' UNION SELECT id, sku, name, warehouse, quantity FROM inventory_items -- ";
  static final String STACKED = "x'; UPDATE inventory_items SET quantity = 0; --";

  static final List<Attack> ATTACKS = List.of(
      new Attack(Call.post("JSON body field (input stream) POST /search", "/search",
          "{\"filter\":{\"name\":\"" + TAUTOLOGY + "\"}}"), "body", "/filter/name", TAUTOLOGY,
          "WHERE name = 'x' OR '1'='1' ORDER BY id", false),
      new Attack(Call.post("JSON body field (getReader) POST /search?via=reader", "/search?via=reader",
          "{\"filter\":{\"name\":\"" + UNION + "\"}}"), "body", "/filter/name", UNION,
          "WHERE name = '" + UNION + "' ORDER BY id", false),
      new Attack(Call.post("JSON body field, stacked UPDATE POST /search", "/search",
          "{\"filter\":{\"name\":\"" + STACKED + "\"}}"), "body", "/filter/name", STACKED,
          "UPDATE inventory_items SET quantity = 0", true),
      new Attack(Call.get("header X-Warehouse GET /stock", "/stock", "X-Warehouse", "north' OR '1'='1"),
          "header", "x-warehouse", "north' OR '1'='1", "WHERE warehouse = 'north' OR '1'='1' ORDER BY id", false),
      new Attack(Call.get("header X-Warehouse, AsyncContext.start GET /async/stock", "/async/stock",
          "X-Warehouse", "south' OR 'a'='a"), "header", "x-warehouse", "south' OR 'a'='a",
          "WHERE warehouse = 'south' OR 'a'='a' ORDER BY id", false),
      new Attack(Call.get("path segment GET /items/1 OR 1=1 (HTML)", "/items/1%20OR%201=1").accept(Http.HTML),
          "path", "segment 2", "1 OR 1=1", "WHERE id = 1 OR 1=1", false));

  static final List<Benign> BENIGN = List.of(
      new Benign(Call.get("GET /items", "/items"), 200),
      new Benign(Call.get("GET /items/2", "/items/2"), 200),
      new Benign(Call.get("GET /safe/items/3", "/safe/items/3"), 200),
      new Benign(Call.get("the error page: GET /items/abc", "/items/abc"), 500),
      new Benign(Call.post("O'Brien escaped, input stream", "/search?escape=sql",
          "{\"filter\":{\"name\":\"O'Brien's Lamp\"}}"), 200),
      new Benign(Call.post("O'Brien escaped, getReader", "/search?via=reader&escape=sql",
          "{\"filter\":{\"name\":\"O'Brien's Lamp\"}}"), 200),
      new Benign(Call.post("O'Brien bound", "/safe/search", "{\"filter\":{\"name\":\"O'Brien's Lamp\"}}"), 200),
      new Benign(Call.post("SQL words in a name", "/search?escape=sql",
          "{\"filter\":{\"name\":\"Chair; the SELECT * edition\"}}"), 200),
      new Benign(Call.post("O'Brien unescaped in the bound search, through the framework filter", "/safe/search?via=reader",
          "{\"filter\":{\"name\":\"O'Brien's Lamp' --\"}}"), 200),
      new Benign(Call.get("header north", "/stock", "X-Warehouse", "north"), 200),
      new Benign(Call.get("header O'Connell bound", "/safe/stock", "X-Warehouse", "O'Connell Street"), 200),
      new Benign(Call.get("header north, async", "/async/stock", "X-Warehouse", "north"), 200),
      new Benign(Call.get("header O'Connell bound, async", "/safe/async/stock", "X-Warehouse", "O'Connell Street"), 200),
      new Benign(Call.get("streamed export", "/export?warehouse=south"), 200),
      new Benign(Call.get("streamed export, bound", "/safe/export?warehouse=O%27Connell%20Street"), 200));

  private final String container;
  private final String serverInfo;
  private final List<String> databases;
  private final Map<String, AppProcess> running = new LinkedHashMap<>();

  /**
   * @param container the launcher's module name under {@code demo-apps/servlet-containers}
   * @param serverInfo the start of the container's name and version, as its launcher prints it
   */
  InventoryContainerTests(String container, String serverInfo, String... databases) {
    this.container = container;
    this.serverInfo = serverInfo;
    this.databases = List.of(databases);
  }

  Stream<Arguments> attacks() {
    return cross(ATTACKS);
  }

  Stream<Arguments> readOnlyAttacks() {
    return cross(ATTACKS.stream().filter(a -> !a.mutating()).collect(Collectors.toList()));
  }

  Stream<Arguments> benign() {
    return cross(BENIGN);
  }

  Stream<Arguments> databases() {
    return databases.stream().map(Arguments::of);
  }

  private Stream<Arguments> cross(List<?> cases) {
    List<Arguments> args = new ArrayList<>();
    for (String db : databases) {
      for (Object c : cases) {
        args.add(Arguments.of(db, c));
      }
    }
    return args.stream();
  }

  @AfterAll
  void stopApps() {
    running.values().forEach(AppProcess::close);
    running.clear();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("attacks")
  void attackIsBlockedWithOneEventAndTheDataIsUntouched(String db, Attack attack) {
    AppProcess app = app(db, Kind.BLOCK);
    Http.Response before = send(app, Call.get("listing", "/items"));
    assertThat(before.status()).as("listing before the attack: %s", before).isEqualTo(200);
    int mark = Audit.mark(app);

    Http.Response response = send(app, attack.call());

    // The block response, not the container's error page nor the filter's sendError(500).
    boolean json = JSON.equals(attack.call().accept());
    String bodyEventId = Expect.blockResponse(response, json, attack + " on " + container);
    List<JsonNode> events = eventsSince(app, mark);
    assertThat(events).as("audit events of %s on %s (exactly one expected):\n%s", attack, container,
        Audit.describe(events)).hasSize(1);
    JsonNode event = events.get(0);
    assertFinding(event, "blocked", "it-" + container + "-block-" + db, attack);
    if (json) {
      assertThat(event.path("event_id").asText()).as("event_id of the block response and of the event")
          .isEqualTo(bodyEventId);
    } else {
      assertThat(response.body()).as("the HTML block page names the event").contains(event.path("event_id").asText());
    }
    assertThat(event.path("response_committed").asBoolean()).as("response_committed of %s", event).isFalse();

    Http.Response after = send(app, Call.get("listing", "/items"));
    Expect.sameResponse(after, before, "the listing after " + attack + " on " + container);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("benign")
  void benignRequestIsAnsweredAsWithoutTheAgent(String db, Benign benign) {
    AppProcess reference = app(db, Kind.NO_AGENT);
    AppProcess app = app(db, Kind.BLOCK);
    Http.Response expected = send(reference, benign.call());
    assertThat(expected.status()).as("the reference answer (no agent) to %s: %s", benign, expected)
        .isEqualTo(benign.status());
    int mark = Audit.mark(app);

    Http.Response actual = send(app, benign.call());

    Expect.sameResponse(actual, expected, benign + " on " + container);
    List<JsonNode> events = eventsSince(app, mark);
    assertThat(events).as("audit events of benign %s on %s:\n%s", benign, container, Audit.describe(events)).isEmpty();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("readOnlyAttacks")
  void monitorModeLetsTheAttackThroughAndLogsIt(String db, Attack attack) {
    AppProcess reference = app(db, Kind.NO_AGENT);
    AppProcess app = app(db, Kind.MONITOR);
    Http.Response expected = send(reference, attack.call());
    assertThat(expected.status()).as("the attack works without the agent: %s", expected).isEqualTo(200);
    int mark = Audit.mark(app);

    Http.Response actual = send(app, attack.call());

    Expect.sameResponse(actual, expected, attack + " in monitor mode on " + container);
    List<JsonNode> events = eventsSince(app, mark);
    assertThat(events).as("audit events of %s in monitor mode on %s:\n%s", attack, container, Audit.describe(events))
        .hasSize(1);
    assertFinding(events.get(0), "monitored", "it-" + container + "-monitor-" + db, attack);
  }

  /**
   * A streamed export flushes its first bytes before the query runs: the block comes after commit.
   * The client must not get a response that looks complete; the connection is cut instead.
   */
  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void blockAfterCommitCutsTheConnection(String db) {
    Call call = Call.get("streamed export with a tautology", "/export?warehouse=x%27%20OR%20%271%27=%271");
    Http.Response leaked = send(app(db, Kind.NO_AGENT), call);
    assertThat(leaked.body()).as("without the agent the tautology exports every item: %s", leaked)
        .contains("LMP-001", "TBL-005").endsWith("]}");
    AppProcess app = app(db, Kind.BLOCK);
    int mark = Audit.mark(app);

    Throwable failure = catchThrowable(() -> sendRaw(app, call));

    assertThat(failure).as("reading the export blocked after commit on %s must fail: the connection is cut,"
        + " not the response completed", container).isInstanceOf(IOException.class);
    List<JsonNode> events = eventsSince(app, mark);
    assertThat(events).as("audit events of %s:\n%s", call, Audit.describe(events)).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.path("action").asText()).as("action of %s", event).isEqualTo("blocked_after_commit");
    assertThat(event.path("response_committed").asBoolean()).as("response_committed of %s", event).isTrue();
    assertThat(event.path("input").path("source").asText()).isEqualTo("parameter");
    assertThat(event.path("input").path("name").asText()).isEqualTo("warehouse");
    assertThat(event.path("input").path("value").asText()).isEqualTo("x' OR '1'='1");
    // The app is still serving.
    assertThat(send(app, Call.get("listing", "/items")).status()).isEqualTo(200);
  }

  private void assertFinding(JsonNode e, String action, String policyName, Attack attack) {
    String ctx = "audit event " + e;
    assertThat(e.path("event_type").asText()).as("event_type of %s", ctx).isEqualTo("finding");
    assertThat(e.path("detector").asText()).as("detector of %s", ctx).isEqualTo("sql_injection");
    assertThat(e.path("action").asText()).as("action of %s", ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as("cwe of %s", ctx).isEqualTo("CWE-89");
    assertThat(e.path("policy").path("name").asText()).as("policy.name of %s", ctx).isEqualTo(policyName);
    JsonNode request = e.path("request");
    assertThat(request.path("method").asText()).as("request.method of %s", ctx).isEqualTo(attack.call().method());
    assertThat(request.path("path").asText()).as("request.path of %s", ctx).isEqualTo(attack.call().path());
    assertThat(request.path("client_ip").asText()).as("request.client_ip of %s", ctx).isEqualTo("127.0.0.1");
    JsonNode input = e.path("input");
    assertThat(input.path("source").asText()).as("input.source of %s", ctx).isEqualTo(attack.source());
    assertThat(input.path("name").asText()).as("input.name of %s", ctx).isEqualTo(attack.inputName());
    assertThat(input.path("value").asText()).as("input.value of %s", ctx).isEqualTo(attack.inputValue());
    assertThat(e.path("sink").path("kind").asText()).as("sink.kind of %s", ctx).isEqualTo("sql");
    assertThat(e.path("sink").path("target").asText()).as("sink.target of %s", ctx).contains(attack.sqlFragment());
    JsonNode stack = e.path("stack");
    assertThat(stack.path(0).asText()).as("first stack frame of %s", ctx).startsWith("io.palisade.demo.inventory.");
    assertThat(stack.toString()).as("stack of %s stops before the container", ctx)
        .doesNotContain("org.apache.catalina", "org.eclipse.jetty", "io.undertow");
  }

  /** The app of this class's container for (database, kind), started on first use. */
  AppProcess app(String db, Kind kind) {
    String name = container + "-" + kind.name().toLowerCase().replace('_', '-') + "-" + db;
    AppProcess app = running.get(name);
    if (app != null) {
      if (!app.process.isAlive()) {
        throw new AssertionError("app " + name + " died\n" + app.outputs());
      }
      return app;
    }
    AppProcess.Spec spec = new AppProcess.Spec(name, db).jar(jar());
    if (kind != Kind.NO_AGENT) {
      String mode = kind == Kind.BLOCK ? "block" : "monitor";
      spec.agent(AppProcess.policy("it-" + container + "-" + mode + "-" + db, mode, AppProcess.dirFor(name)));
    }
    try {
      app = AppProcess.start(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    running.put(name, app);
    assertThat(app.stdoutText()).as("the launcher's start line of %s", name).contains("Inventory on " + serverInfo);
    return app;
  }

  /** The launcher's fat jar: {@code <palisade.containers.dir>/<container>/target/inventory-<container>.jar}. */
  private Path jar() {
    String dir = System.getProperty("palisade.containers.dir");
    if (dir == null || dir.isBlank()) {
      throw new AssertionError("system property palisade.containers.dir is not set: run the tests through failsafe");
    }
    Path jar = Paths.get(dir, container, "target", "inventory-" + container + ".jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("the " + container + " launcher jar does not exist at " + jar
          + ": build it with mvn -q -pl demo-apps/servlet-containers -am package -DskipTests");
    }
    return jar;
  }

  /**
   * The events since {@code mark}, fenced by a sentinel attack in a path segment that the agent
   * always reports (its own event excluded), as {@link Audit#since} does for the bookstore.
   */
  private List<JsonNode> eventsSince(AppProcess app, int mark) {
    String sentinel = SENTINELS.incrementAndGet() + " OR 1=1";
    send(app, Call.get("sentinel", "/items/" + sentinel.replace(" ", "%20")));
    return Audit.requestEvents(Audit.fencedBy(app.auditLog, mark, sentinel, "GET /items/" + sentinel, app::outputs));
  }

  static Http.Response send(AppProcess app, Call call) {
    try {
      return sendRaw(app, call);
    } catch (IOException e) {
      throw new AssertionError(call + " to " + app.spec.name + " failed: " + e + "\n" + app.outputs(), e);
    }
  }

  private static Http.Response sendRaw(AppProcess app, Call call) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(app.baseUrl() + call.pathAndQuery()))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", call.accept());
    if (call.jsonBody() != null) {
      builder.header("Content-Type", JSON + "; charset=UTF-8")
          .method(call.method(), HttpRequest.BodyPublishers.ofString(call.jsonBody(), StandardCharsets.UTF_8));
    } else {
      builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    for (int i = 0; i < call.headers().size(); i += 2) {
      builder.header(call.headers().get(i), call.headers().get(i + 1));
    }
    try {
      HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Http.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
