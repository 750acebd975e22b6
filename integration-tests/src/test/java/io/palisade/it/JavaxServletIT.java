package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The javax.servlet path with a real javax container: the guestbook demo (embedded Tomcat 9, a
 * request-logging {@code javax.servlet.Filter} in front of the servlets, DriverManager JDBC) with the
 * agent attached, against H2, PostgreSQL and MariaDB. Attacks in a query parameter, a form field of a
 * POST (captured only because the application parsed the form) and a path segment are blocked and
 * audited once; benign traffic is answered exactly as without the agent; monitor mode lets attacks
 * through and logs them.
 *
 * <p>The harness's {@link AppProcess} starts the bookstore only, so {@link Guestbook} below starts the
 * guestbook jar; everything else (databases, audit log reading, polling, response checks) is the
 * harness's.
 */
class JavaxServletIT {
  static final String POLICY_BLOCK = "it-javax-block-";
  static final String POLICY_MONITOR = "it-javax-monitor-";
  static final String FILTER_HEADER = "X-Content-Type-Options";

  private static final AtomicInteger NONCES = new AtomicInteger(100);

  /** One attack: the request, the input that carries it and a piece of the SQL it reaches. */
  record Attack(String label, Http.Call call, String source, String inputName, String inputValue, String sqlFragment) {
    @Override
    public String toString() {
      return label;
    }
  }

  static final String TAUTOLOGY = "' OR '1'='1";
  static final String DROP = "x'); DROP TABLE guestbook_entries; --";
  static final String SECOND_ROW = "x'), ('forged', 'second row') -- ";

  static final List<Attack> BLOCKED = List.of(
      new Attack("query parameter tautology GET /entries?author=' OR '1'='1",
          Http.Call.get("/entries", Http.JSON, "author", TAUTOLOGY), "parameter", "author", TAUTOLOGY,
          "WHERE author = '' OR '1'='1' ORDER BY id"),
      new Attack("form field stacked DROP TABLE POST /entries",
          Http.Call.post("/entries", Http.JSON, "author", "mallory", "message", DROP), "parameter", "message", DROP,
          "VALUES ('mallory', 'x'); DROP TABLE guestbook_entries; --')"),
      new Attack("form field INSERT breakout adding a second row POST /entries",
          Http.Call.post("/entries", Http.JSON, "author", "mallory", "message", SECOND_ROW), "parameter", "message",
          SECOND_ROW, "VALUES ('mallory', 'x'), ('forged', 'second row') -- ')"),
      new Attack("path segment tautology GET /entries/1%20OR%201=1",
          Http.Call.get("/entries/1%20OR%201=1", Http.JSON), "path", "segment 2", "1 OR 1=1",
          "WHERE id = 1 OR 1=1"));

  static final List<Http.Call> BENIGN = List.of(
      Http.Call.get("/safe/entries", Http.JSON, "author", "O'Brien"),
      Http.Call.get("/escaped/entries", Http.JSON, "author", "O'Brien"),
      Http.Call.get("/authors/O'Brien", Http.JSON),
      Http.Call.post("/entries", Http.JSON, "author", "Dana", "message", "Great talk on SELECT * FROM users, thanks"),
      Http.Call.get("/entries/2", Http.JSON),
      Http.Call.get("/entries", Http.JSON, "author", "Grace Hopper"));

  static Stream<Arguments> blocked() {
    return cross(BLOCKED);
  }

  static Stream<Arguments> benign() {
    return cross(BENIGN);
  }

  static Stream<Arguments> databases() {
    return Databases.ALL.stream().map(Arguments::of);
  }

  private static Stream<Arguments> cross(List<?> cases) {
    List<Arguments> args = new ArrayList<>();
    for (String db : Databases.ALL) {
      for (Object c : cases) {
        args.add(Arguments.of(db, c));
      }
    }
    return args.stream();
  }

  @AfterAll
  static void stopApps() {
    Guestbook.stopAll();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("blocked")
  void attackIsBlockedAndAuditedOnce(String db, Attack attack) {
    Guestbook app = Guestbook.get(db, Guestbook.Kind.BLOCK);
    Reply before = app.send(Http.Call.get("/entries", Http.JSON));
    assertThat(before.response().status()).as("listing before the attack: %s", before.response()).isEqualTo(200);
    int filterLines = app.filterLines(attack.call(), 403);
    int mark = app.mark();

    Reply reply = app.send(attack.call());

    String bodyEventId = Expect.blockResponse(reply.response(), true, attack.call().toString());
    List<JsonNode> events = app.eventsSince(mark);
    assertThat(events).as("audit events of %s (exactly one expected):\n%s", attack.call(), Audit.describe(events))
        .hasSize(1);
    JsonNode event = events.get(0);
    assertFinding(event, "blocked", POLICY_BLOCK + db, attack);
    assertThat(event.path("event_id").asText()).as("event_id of the block response body and of the audit event")
        .isEqualTo(bodyEventId);

    // The request went through the application's filter, which saw the block response's status.
    Polling.until(() -> app.filterLines(attack.call(), 403) > filterLines ? Boolean.TRUE : null,
        Polling.DEFAULT_DEADLINE, () -> "the guestbook's RequestLogFilter logged no '" + attack.call().method() + " "
            + attack.call().path() + " -> 403' line for " + attack + "\n" + app.outputs());

    // The statement never ran: the table is still there, with no new row.
    Reply after = app.send(Http.Call.get("/entries", Http.JSON));
    Expect.sameResponse(after.response(), before.response(), "the listing after " + attack);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("benign")
  void benignRequestPassesUnchangedAndUnreported(String db, Http.Call call) {
    Guestbook reference = Guestbook.get(db, Guestbook.Kind.NO_AGENT);
    Guestbook app = Guestbook.get(db, Guestbook.Kind.BLOCK);
    Reply expected = reference.send(call);
    assertThat(expected.response().status()).as("the reference (no agent) answer to %s: %s", call, expected.response())
        .isBetween(200, 299);
    int mark = app.mark();

    Reply actual = app.send(call);

    List<JsonNode> events = app.eventsSince(mark);
    Expect.sameResponse(actual.response(), expected.response(), call.toString());
    assertThat(actual.filterHeader()).as("%s header set by the guestbook's filter on %s", FILTER_HEADER, call)
        .isEqualTo("nosniff");
    assertThat(events).as("audit events of benign %s:\n%s", call, Audit.describe(events)).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void queryParameterAttackPassesAndIsMonitored(String db) {
    Guestbook app = Guestbook.get(db, Guestbook.Kind.MONITOR);
    Reply all = app.send(Http.Call.get("/entries", Http.JSON));
    assertThat(Expect.parse(all.response().body(), "listing").path("entries").size()).as("listing: %s", all.response())
        .isGreaterThanOrEqualTo(5);
    Attack attack = BLOCKED.get(0);
    int mark = app.mark();

    Reply reply = app.send(attack.call());

    // The tautology really ran: it matched every entry, exactly as the unfiltered listing.
    Expect.sameResponse(reply.response(), all.response(), attack.call() + " in monitor mode (vs. GET /entries)");
    assertMonitoredOnce(app, db, mark, attack);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void pathSegmentAttackPassesAndIsMonitored(String db) {
    Guestbook app = Guestbook.get(db, Guestbook.Kind.MONITOR);
    Reply all = app.send(Http.Call.get("/entries", Http.JSON));
    Attack attack = BLOCKED.get(3);
    int mark = app.mark();

    Reply reply = app.send(attack.call());

    Expect.sameResponse(reply.response(), all.response(), attack.call() + " in monitor mode (vs. GET /entries)");
    assertMonitoredOnce(app, db, mark, attack);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void formFieldAttackPassesAndIsMonitored(String db) {
    Guestbook reference = Guestbook.get(db, Guestbook.Kind.NO_AGENT);
    Guestbook app = Guestbook.get(db, Guestbook.Kind.MONITOR);
    String forged = "forged-" + db + "-" + NONCES.incrementAndGet();
    String message = "x'), ('" + forged + "', 'second row') -- ";
    Http.Call call = Http.Call.post("/entries", Http.JSON, "author", "mallory", "message", message);
    Attack attack = new Attack("INSERT breakout in monitor mode", call, "parameter", "message", message,
        "VALUES ('mallory', 'x'), ('" + forged + "', 'second row') -- ')");
    Reply expected = reference.send(call);
    assertThat(expected.response().body()).as("the reference app (no agent) inserted two rows: %s", expected.response())
        .contains("\"created\":2");
    // On PostgreSQL and MariaDB the reference app shares the table, so count the forged rows before.
    int forgedBefore = forgedRows(app, forged);
    int mark = app.mark();

    Reply reply = app.send(call);

    Expect.sameResponse(reply.response(), expected.response(), call + " in monitor mode");
    assertMonitoredOnce(app, db, mark, attack);
    assertThat(forgedRows(app, forged)).as("rows by %s after the INSERT breakout ran in monitor mode", forged)
        .isEqualTo(forgedBefore + 1);
  }

  private static int forgedRows(Guestbook app, String author) {
    Reply reply = app.send(Http.Call.get("/safe/entries", Http.JSON, "author", author));
    assertThat(reply.response().status()).as("/safe/entries?author=%s: %s", author, reply.response()).isEqualTo(200);
    return Expect.parse(reply.response().body(), "/safe/entries?author=" + author).path("entries").size();
  }

  private static void assertMonitoredOnce(Guestbook app, String db, int mark, Attack attack) {
    List<JsonNode> events = app.eventsSince(mark);
    assertThat(events).as("audit events of %s (exactly one expected):\n%s", attack.call(), Audit.describe(events))
        .hasSize(1);
    assertFinding(events.get(0), "monitored", POLICY_MONITOR + db, attack);
  }

  private static void assertFinding(JsonNode e, String action, String policyName, Attack attack) {
    String ctx = "audit event " + e;
    assertThat(e.path("event_type").asText()).as("event_type of %s", ctx).isEqualTo("finding");
    assertThat(e.path("detector").asText()).as("detector of %s", ctx).isEqualTo("sql_injection");
    assertThat(e.path("action").asText()).as("action of %s", ctx).isEqualTo(action);
    assertThat(e.path("cwe").asText()).as("cwe of %s", ctx).isEqualTo("CWE-89");
    assertThat(e.path("event_id").asText("")).as("event_id of %s", ctx).isNotBlank();
    assertThat(e.path("policy").path("name").asText()).as("policy.name of %s", ctx).isEqualTo(policyName);
    JsonNode request = e.path("request");
    assertThat(request.path("method").asText()).as("request.method of %s", ctx).isEqualTo(attack.call().method());
    assertThat(request.path("path").asText()).as("request.path of %s", ctx).isEqualTo(attack.call().path());
    assertThat(request.path("client_ip").asText()).as("request.client_ip of %s", ctx).isEqualTo("127.0.0.1");
    JsonNode input = e.path("input");
    assertThat(input.path("source").asText()).as("input.source of %s", ctx).isEqualTo(attack.source());
    assertThat(input.path("name").asText()).as("input.name of %s", ctx).isEqualTo(attack.inputName());
    assertThat(input.path("value").asText()).as("input.value of %s", ctx).isEqualTo(attack.inputValue());
    JsonNode sink = e.path("sink");
    assertThat(sink.path("kind").asText()).as("sink.kind of %s", ctx).isEqualTo("sql");
    assertThat(sink.path("target").asText()).as("sink.target of %s", ctx).contains(attack.sqlFragment());
    assertThat(e.path("reason").asText("")).as("reason of %s", ctx).isNotBlank();
    assertThat(e.path("stack").path(0).asText()).as("first stack frame of %s", ctx)
        .startsWith("io.palisade.demo.guestbook.");
  }

  /** A response and the header the guestbook's filter sets on every response it lets through. */
  record Reply(Http.Response response, String filterHeader) {}

  /**
   * The guestbook jar in a JVM of its own, optionally with the agent attached, laid out like the
   * harness's apps: {@code target/it-work/guestbook-<kind>-<db>/} holds {@code command.txt},
   * {@code stdout.log}, {@code stderr.log}, {@code policy.json} and {@code palisade-audit.jsonl}.
   */
  static final class Guestbook {
    enum Kind { NO_AGENT, BLOCK, MONITOR }

    private static final AtomicInteger SENTINELS = new AtomicInteger(9000);
    private static final Map<String, Guestbook> RUNNING = new LinkedHashMap<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(Guestbook::stopAll, "it-guestbook-stop"));
    }

    final String name;
    final AppProcess app;
    final Path dir;

    private Guestbook(String name, AppProcess app) {
      this.name = name;
      this.app = app;
      this.dir = app.dir;
    }

    /**
     * The guestbook fat jar: {@code palisade.javax.demo.jar} if set, otherwise next to the bookstore's
     * ({@code palisade.demo.jar}): {@code ../../javax-guestbook/target/javax-guestbook.jar} from its directory.
     */
    static Path jar() {
      String explicit = System.getProperty("palisade.javax.demo.jar");
      Path jar;
      if (explicit != null && !explicit.isBlank()) {
        jar = Paths.get(explicit);
      } else {
        String bookstore = System.getProperty("palisade.demo.jar");
        if (bookstore == null || bookstore.isBlank()) {
          throw new AssertionError("neither palisade.javax.demo.jar nor palisade.demo.jar is set:"
              + " run the tests through failsafe (mvn verify)");
        }
        jar = Paths.get(bookstore).toAbsolutePath().getParent()
            .resolve("../../javax-guestbook/target/javax-guestbook.jar");
      }
      jar = jar.toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new AssertionError("the javax guestbook fat jar does not exist at " + jar
            + ": build it with mvn -q -pl demo-apps/javax-guestbook package (or set -Dpalisade.javax.demo.jar)");
      }
      return jar;
    }

    static synchronized Guestbook get(String db, Kind kind) {
      String name = "guestbook-" + kind.name().toLowerCase().replace('_', '-') + "-" + db;
      Guestbook app = RUNNING.get(name);
      if (app != null && app.app.process.isAlive()) {
        return app;
      }
      if (app != null) {
        throw new AssertionError("shared app " + name + " died\n" + app.outputs());
      }
      AppProcess.Spec spec = new AppProcess.Spec(name, db).jar(jar());
      if (kind != Kind.NO_AGENT) {
        String policyName = (kind == Kind.BLOCK ? POLICY_BLOCK : POLICY_MONITOR) + db;
        String mode = kind == Kind.BLOCK ? "block" : "monitor";
        spec.agent(AppProcess.policy(policyName, mode, AppProcess.dirFor(name)));
      }
      try {
        app = new Guestbook(name, AppProcess.start(spec));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RUNNING.put(name, app);
      return app;
    }

    Path auditLog() {
      return dir.resolve("palisade-audit.jsonl");
    }

    /** The number of audit events so far. */
    int mark() {
      return AuditLogReader.events(auditLog()).size();
    }

    String outputs() {
      return app.outputs();
    }

    /** How many lines the guestbook's RequestLogFilter logged for this request line with this status. */
    int filterLines(Http.Call call, int status) {
      String suffix = " " + call.method() + " " + call.path() + " -> " + status + " (";
      return (int) AppProcess.read(dir.resolve("stderr.log")).lines()
          .filter(line -> line.startsWith("guestbook: #") && line.contains(suffix))
          .count();
    }

    /**
     * The events written since {@code mark}, fenced by a sentinel attack in a path segment (its own event
     * excluded), as {@link Audit#since} does for the bookstore.
     */
    List<JsonNode> eventsSince(int mark) {
      String sentinel = SENTINELS.incrementAndGet() + " OR 1=1";
      Http.Call call = Http.Call.get("/entries/" + sentinel.replace(" ", "%20"), Http.JSON);
      send(call);
      return Audit.requestEvents(Audit.fencedBy(auditLog(), mark, sentinel, call, this::outputs));
    }

    /** Sends a call; the path is sent as given (already percent-encoded), parameters are encoded. */
    Reply send(Http.Call call) {
      String encoded = call.params().entrySet().stream()
          .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
          .collect(Collectors.joining("&"));
      String base = app.baseUrl() + call.path();
      HttpRequest.Builder builder;
      if (call.method().equals("GET")) {
        builder = HttpRequest.newBuilder(URI.create(base + (encoded.isEmpty() ? "" : "?" + encoded))).GET();
      } else {
        builder = HttpRequest.newBuilder(URI.create(base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encoded, StandardCharsets.UTF_8));
      }
      if (call.accept() != null) {
        builder.header("Accept", call.accept());
      }
      builder.timeout(Duration.ofSeconds(30));
      try {
        HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(
            new Http.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body()),
            r.headers().firstValue(FILTER_HEADER).orElse(null));
      } catch (IOException e) {
        throw new AssertionError(call + " to " + name + " failed: " + e + "\n" + outputs(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    void close() {
      app.close();
    }

    static synchronized void stopAll() {
      RUNNING.values().forEach(Guestbook::close);
      RUNNING.clear();
    }
  }
}
