package io.palisade.engine.findings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.audit.AuditEvent;
import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepeatAggregatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private AuditLog audit;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final RepeatAggregator aggregator = new RepeatAggregator(now::get);

  @BeforeEach
  void open() throws Exception {
    audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
  }

  @AfterEach
  void close() {
    audit.close();
  }

  private void attack(String client, String input) {
    aggregator.write(audit, "sql_injection", "GET", "/books", input, client,
        AuditEvent.builder().detector("sql_injection").action("blocked").severity("critical").cwe("CWE-89")
            .policy("p", "0".repeat(64)).request("GET", "/books", client, null)
            .input("parameter", input, "1 OR 1=1").sink("sql", "executeQuery", "SELECT 1").reason("r")
            .stack(java.util.List.of("a.B.c(B.java:1)")).service("s", "h", 1).agentVersion("0"));
  }

  private List<JsonNode> events() throws Exception {
    audit.flush();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  /** Each event stands for one finding, or for its count. */
  private static long findingsIn(List<JsonNode> events) {
    long total = 0;
    for (JsonNode e : events) {
      total += e.path("count").asLong(1);
    }
    return total;
  }

  @Test
  void tenThousandRepeatsInOneSecondBecomeThreeEventsAndOneCount() throws Exception {
    for (int i = 0; i < 10_000; i++) {
      now.addAndGet(i % 10 == 0 ? 1 : 0); // 1000 ms for the lot
      attack("203.0.113.9", "id");
    }
    assertThat(events()).hasSize(3);
    now.addAndGet(1000);
    aggregator.flushExpired(audit);

    List<JsonNode> events = events();
    assertThat(events).hasSize(4);
    assertThat(events.subList(0, 3)).allSatisfy(e -> assertThat(e.has("count")).isFalse());
    JsonNode aggregate = events.get(3);
    assertThat(aggregate.path("count").asLong()).isEqualTo(9_997);
    assertThat(aggregate.path("first_seen").asText()).isNotEmpty();
    assertThat(aggregate.path("detector").asText()).isEqualTo("sql_injection");
    assertThat(io.palisade.policy.AuditEventSchema.validate(aggregate)).as("valid against audit-event.schema.json").isEmpty();
    assertThat(findingsIn(events)).isEqualTo(10_000);
    assertThat(aggregator.openWindows()).isZero();
  }

  @Test
  void differentClientsAndInputsAreNeverFoldedTogether() throws Exception {
    for (int i = 0; i < 5; i++) {
      attack("203.0.113.9", "id");
      attack("203.0.113.10", "id");
      attack("203.0.113.9", "title");
    }
    aggregator.flushAll(audit);
    List<JsonNode> events = events();
    assertThat(events).hasSize(3 * 4); // per key: three in full and one aggregate of two
    assertThat(findingsIn(events)).isEqualTo(15);
  }

  @Test
  void theNextSecondStartsOverAndWritesThePreviousCountFirst() throws Exception {
    for (int i = 0; i < 5; i++) {
      attack("203.0.113.9", "id");
    }
    now.addAndGet(1500);
    attack("203.0.113.9", "id");
    List<JsonNode> events = events();
    assertThat(events).hasSize(5);
    assertThat(events.get(3).path("count").asLong()).isEqualTo(2);
    assertThat(events.get(4).has("count")).isFalse();
  }

  @Test
  void concurrentFloodsLoseNoCount() throws Exception {
    RepeatAggregator real = new RepeatAggregator();
    int threads = 4;
    int perThread = 5_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          real.write(audit, "sql_injection", "GET", "/books", "id", "203.0.113.9",
              AuditEvent.builder().detector("sql_injection").action("blocked"));
          if (i % 500 == 0) {
            real.flushExpired(audit);
          }
        }
      });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    real.flushAll(audit);
    List<JsonNode> events = events();
    assertThat(findingsIn(events)).isEqualTo((long) threads * perThread);
    assertThat(events.size()).isLessThan(200);
  }
}
