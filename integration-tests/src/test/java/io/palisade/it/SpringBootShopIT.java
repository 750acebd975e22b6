package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spring Boot 3 (embedded Tomcat 10.1, Spring MVC, JdbcTemplate over HikariCP): the shop demo with the
 * agent attached, against H2, PostgreSQL and MariaDB. SQL injection from a {@code @RequestBody} JSON
 * field (top-level and nested), a {@code @RequestHeader} and a {@code @PathVariable}, also on a
 * {@code DeferredResult} completed from an executor and on a {@code Callable}, is answered with the
 * policy's 403 although the shop's {@code @RestControllerAdvice} turns every exception into a JSON 500;
 * each block is one audit event naming the input, and a follow-up read proves the database unchanged.
 * Benign requests, O'Brien and SQL words included, get exactly the answer the shop gives without the
 * agent; monitor mode lets the attack run and logs it.
 */
class SpringBootShopIT {
  static final String POLICY_BLOCK = "it-shop-block-";
  static final String POLICY_MONITOR = "it-shop-monitor-";
  /** Spring Boot with the agent on a loaded two-core CI machine needs longer than the plain demos. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /** One request to the shop: method, path (sent as given, already percent-encoded), JSON body, headers. */
  record Call(String method, String path, String json, List<String> headers) {
    static Call get(String path, String... headers) {
      return new Call("GET", path, null, List.of(headers));
    }

    static Call post(String path, String json, String... headers) {
      return new Call("POST", path, json, List.of(headers));
    }

    @Override
    public String toString() {
      return method + " " + path + (json == null ? "" : " " + json) + (headers.isEmpty() ? "" : " " + headers);
    }
  }

  /** One attack: the request, the input that carries it and a piece of the SQL it reaches. */
  record Attack(String label, Call call, String source, String inputName, String inputValue, String sqlFragment) {
    @Override
    public String toString() {
      return label;
    }
  }

  static final String ACCOUNT = "X-Account";

  static final List<Attack> BLOCKED = List.of(
      new Attack("JSON body field: LIKE breakout in a lower-cased search term",
          Call.post("/api/products/search", "{\"query\":\"x%' OR 1=1 --\"}"), "body", "/query", "x%' OR 1=1 --",
          "LIKE '%x%' or 1=1 --%'"),
      new Attack("JSON body field: stacked DELETE in an order note",
          Call.post("/api/orders", "{\"product_id\":1,\"quantity\":1,\"note\":\"x'; DELETE FROM shop_orders; --\"}",
              ACCOUNT, "bob"),
          "body", "/note", "x'; DELETE FROM shop_orders; --", "'new', 'x'; DELETE FROM shop_orders; --'"),
      new Attack("nested JSON field /filter/status: tautology in the admin report",
          Call.post("/api/admin/reports/orders", "{\"filter\":{\"status\":\"x' OR '1'='1\"}}"), "body",
          "/filter/status", "x' OR '1'='1", "WHERE o.status = 'x' OR '1'='1'"),
      new Attack("header X-Account: tautology",
          Call.get("/api/orders", ACCOUNT, "alice' OR '1'='1"), "header", "x-account", "alice' OR '1'='1",
          "WHERE a.username = 'alice' OR '1'='1'"),
      new Attack("path variable: stacked UPDATE making everyone admin",
          Call.get("/api/accounts/bob'%3B%20UPDATE%20shop_accounts%20SET%20role%3D'admin'%3B%20--"), "path",
          "segment 3", "bob'; UPDATE shop_accounts SET role='admin'; --",
          "WHERE username = 'bob'; UPDATE shop_accounts SET role='admin'; --'"),
      // "-- " with its space: MySQL and MariaDB open a comment only so, and the UNION must run in monitor mode
      new Attack("DeferredResult completed from an executor: JSON body field",
          Call.post("/api/async/products/search", "{\"query\":\"' UNION SELECT id, username, email, role, id FROM shop_accounts -- \"}"),
          "body", "/query", "' UNION SELECT id, username, email, role, id FROM shop_accounts -- ",
          "' union select id, username, email, role, id from shop_accounts -- %'"),
      new Attack("Callable on Spring's task executor: path variable tautology",
          Call.get("/api/async/accounts/x'%20OR%20'1'%3D'1"), "path", "segment 4", "x' OR '1'='1",
          "WHERE username = 'x' OR '1'='1'"));

  static final List<Call> BENIGN = List.of(
      Call.post("/api/products/search", "{\"query\":\"Desk\"}"),
      Call.post("/api/products/search", "{\"query\":\"SELECT * FROM desks\"}"),
      Call.post("/api/products/search", "{\"query\":\"cups\",\"category\":\"kitchen\"}"),
      Call.post("/api/safe/products/search", "{\"query\":\"O'Brien\"}"),
      Call.get("/api/orders", ACCOUNT, "alice"),
      Call.get("/api/safe/orders", ACCOUNT, "obrien"),
      Call.get("/api/safe/orders", ACCOUNT, "O'Brien"),
      Call.get("/api/accounts/alice"),
      Call.get("/api/safe/accounts/obrien"),
      Call.get("/api/safe/accounts/O'Brien"),
      Call.post("/api/admin/reports/orders", "{\"filter\":{\"status\":\"shipped\",\"min_quantity\":1}}"),
      Call.post("/api/safe/admin/reports/orders", "{\"filter\":{\"status\":\"new\"}}"),
      Call.post("/api/orders", "{\"product_id\":2,\"quantity\":1,\"note\":\"Drop it at the side door; select -- thanks\"}",
          ACCOUNT, "alice"),
      Call.post("/api/safe/orders", "{\"product_id\":3,\"quantity\":2,\"note\":\"For Mrs O'Brien\"}", ACCOUNT, "obrien"),
      Call.post("/api/async/products/search", "{\"query\":\"chair\"}"),
      Call.get("/api/async/accounts/bob"));

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
    Shop.stopAll();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("blocked")
  void attackIsBlockedWithThePolicyResponseNotTheAdvicesAndAuditedOnce(String db, Attack attack) {
    Shop shop = Shop.get(db, Shop.Kind.BLOCK);
    Http.Response before = shop.send(Call.get("/api/admin/stats"));
    assertThat(before.status()).as("figures before the attack: %s", before).isEqualTo(200);
    int mark = shop.mark();

    Http.Response reply = shop.send(attack.call());

    // The policy's block response, not the shop's {"error":"internal_error"} 500.
    String bodyEventId = Expect.blockResponse(reply, true, attack.toString());
    List<JsonNode> events = shop.eventsSince(mark);
    assertThat(events).as("audit events of %s (exactly one expected):\n%s", attack, Audit.describe(events)).hasSize(1);
    JsonNode event = events.get(0);
    assertFinding(event, "blocked", POLICY_BLOCK + db, attack);
    assertThat(event.path("event_id").asText()).as("event_id of the block response body and of the audit event")
        .isEqualTo(bodyEventId);
    // The shop's exception handler did run (and wrote its 500): the block survived it.
    String adviceLine = "request failed: io.palisade.bootstrap.PalisadeBlockedException: Palisade blocked this request"
        + " (sql_injection, event " + bodyEventId + ")";
    Polling.until(() -> shop.app.stdoutText().contains(adviceLine) ? Boolean.TRUE : null, Polling.DEFAULT_DEADLINE,
        () -> "the shop's @RestControllerAdvice never handled the block of " + attack + " (no line '" + adviceLine
            + "'): the test would not prove that the block survives it\n" + shop.outputs());

    // The statement never ran: same number of accounts, admins, orders and products.
    Http.Response after = shop.send(Call.get("/api/admin/stats"));
    Expect.sameResponse(after, before, "the shop's figures after " + attack);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("benign")
  void benignRequestGetsTheSameAnswerAsWithoutTheAgent(String db, Call call) {
    Shop reference = Shop.get(db, Shop.Kind.NO_AGENT);
    Shop shop = Shop.get(db, Shop.Kind.BLOCK);
    Http.Response expected = reference.send(call);
    assertThat(expected.status()).as("the reference (no agent) answer to %s: %s", call, expected)
        .isIn(200, 201, 404);
    if (call.path().contains("O'Brien") || call.headers().contains("O'Brien")) {
      // a safe twin given a name that is not a user: the shop answers, it does not fail
      assertThat(expected.body()).as("reference answer to %s", call).doesNotContain("internal_error");
    }
    int mark = shop.mark();

    Http.Response actual = shop.send(call);

    List<JsonNode> events = shop.eventsSince(mark);
    Expect.sameResponse(actual, expected, call.toString());
    assertThat(events).as("audit events of benign %s:\n%s", call, Audit.describe(events)).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void headerAttackRunsAndIsLoggedInMonitorMode(String db) {
    Shop shop = Shop.get(db, Shop.Kind.MONITOR);
    Http.Response own = shop.send(Call.get("/api/orders", ACCOUNT, "alice"));
    int mark = shop.mark();
    Attack attack = BLOCKED.get(3);

    Http.Response reply = shop.send(attack.call());

    // The tautology really ran: the orders of every account, more than alice's own.
    assertThat(reply.status()).as("%s in monitor mode: %s", attack, reply).isEqualTo(200);
    int all = Expect.parse(reply.body(), attack.toString()).path("orders").size();
    int alices = Expect.parse(own.body(), "alice's orders").path("orders").size();
    assertThat(all).as("orders returned by %s in monitor mode (alice has %s)", attack, alices).isGreaterThan(alices);
    assertMonitoredOnce(shop, db, mark, attack);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("databases")
  void deferredResultAttackRunsAndIsLoggedInMonitorMode(String db) {
    Shop shop = Shop.get(db, Shop.Kind.MONITOR);
    Attack attack = BLOCKED.get(5);
    int mark = shop.mark();

    Http.Response reply = shop.send(attack.call());

    // The UNION ran on the executor thread: the accounts' e-mail addresses came back as products.
    assertThat(reply.status()).as("%s in monitor mode: %s", attack, reply).isEqualTo(200);
    assertThat(reply.body()).as("%s in monitor mode", attack).contains("alice@example.org");
    assertMonitoredOnce(shop, db, mark, attack);
  }

  private static void assertMonitoredOnce(Shop shop, String db, int mark, Attack attack) {
    List<JsonNode> events = shop.eventsSince(mark);
    assertThat(events).as("audit events of %s (exactly one expected):\n%s", attack, Audit.describe(events)).hasSize(1);
    assertFinding(events.get(0), "monitored", POLICY_MONITOR + db, attack);
  }

  private static void assertFinding(JsonNode e, String action, String policyName, Attack attack) {
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
    assertThat(input.path("name").asText()).as("input.name of %s", ctx).isEqualToIgnoringCase(attack.inputName());
    assertThat(input.path("value").asText()).as("input.value of %s", ctx).isEqualTo(attack.inputValue());
    assertThat(input.has("part")).as("input.part of %s (the payload is a value, not a key)", ctx).isFalse();
    JsonNode sink = e.path("sink");
    assertThat(sink.path("kind").asText()).as("sink.kind of %s", ctx).isEqualTo("sql");
    assertThat(sink.path("target").asText()).as("sink.target of %s", ctx).contains(attack.sqlFragment());
    assertThat(e.path("reason").asText("")).as("reason of %s", ctx).isNotBlank();
    // Trimmed to the shop's own frames: no JdbcTemplate, pool or driver on top, no Spring MVC below.
    JsonNode stack = e.path("stack");
    assertThat(stack.path(0).asText()).as("first stack frame of %s", ctx).startsWith("io.palisade.demo.shop.");
    assertThat(stack.toString()).as("stack of %s", ctx).doesNotContain("org.springframework", "com.zaxxer.hikari",
        "org.apache.catalina");
  }

  /**
   * The shop's Boot jar in a JVM of its own, laid out like the harness's apps:
   * {@code target/it-work/shop-<kind>-<db>/} holds the command, stdout, stderr, policy and audit log.
   */
  static final class Shop {
    enum Kind { NO_AGENT, BLOCK, MONITOR }

    private static final AtomicInteger SENTINELS = new AtomicInteger(8000);
    private static final Map<String, Shop> RUNNING = new LinkedHashMap<>();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(Shop::stopAll, "it-shop-stop"));
    }

    final String name;
    final AppProcess app;

    private Shop(String name, AppProcess app) {
      this.name = name;
      this.app = app;
    }

    /** The shop's Boot jar: {@code palisade.shop.jar}, which the integration-tests pom sets. */
    static Path jar() {
      String explicit = System.getProperty("palisade.shop.jar");
      if (explicit == null || explicit.isBlank()) {
        throw new AssertionError("palisade.shop.jar is not set: run the tests through failsafe (mvn verify)");
      }
      Path jar = Paths.get(explicit).toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new AssertionError("the Spring Boot shop jar does not exist at " + jar
            + ": build it with mvn -q -pl demo-apps/spring-boot-shop package");
      }
      return jar;
    }

    static synchronized Shop get(String db, Kind kind) {
      String name = "shop-" + kind.name().toLowerCase().replace('_', '-') + "-" + db;
      Shop shop = RUNNING.get(name);
      if (shop != null && shop.app.process.isAlive()) {
        return shop;
      }
      if (shop != null) {
        throw new AssertionError("shared app " + name + " died\n" + shop.outputs());
      }
      AppProcess.Spec spec = new AppProcess.Spec(name, db).jar(jar()).startTimeout(START_TIMEOUT);
      if (kind != Kind.NO_AGENT) {
        String policyName = (kind == Kind.BLOCK ? POLICY_BLOCK : POLICY_MONITOR) + db;
        String mode = kind == Kind.BLOCK ? "block" : "monitor";
        spec.agent(AppProcess.policy(policyName, mode, AppProcess.dirFor(name)));
      }
      try {
        shop = new Shop(name, AppProcess.start(spec));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RUNNING.put(name, shop);
      return shop;
    }

    String outputs() {
      return app.outputs();
    }

    int mark() {
      return AuditLogReader.events(app.auditLog).size();
    }

    /**
     * The events written since {@code mark}, fenced by a sentinel attack in a path variable (its own
     * event excluded), as {@link Audit#since} does for the bookstore.
     */
    List<JsonNode> eventsSince(int mark) {
      String sentinel = "s" + SENTINELS.incrementAndGet() + "' OR '1'='1";
      Call call = Call.get("/api/accounts/" + sentinel.replace(" ", "%20").replace("'", "%27").replace("=", "%3D"));
      send(call);
      return Audit.requestEvents(Audit.fencedBy(app.auditLog, mark, sentinel, call, this::outputs));
    }

    Http.Response send(Call call) {
      byte[] body = call.json() == null ? null : call.json().getBytes(StandardCharsets.UTF_8);
      return Http.sendBody(app, call.method(), call.path(), call.json() == null ? null : "application/json", body,
          Http.JSON, call.headers().toArray(new String[0]));
    }

    static synchronized void stopAll() {
      RUNNING.values().forEach(s -> s.app.close());
      RUNNING.clear();
    }
  }
}
