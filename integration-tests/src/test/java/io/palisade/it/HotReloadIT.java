package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An operator edits the policy of a running service: the edit takes effect without a restart, an
 * invalid edit is refused and the last good policy stays, and an exclusion added by an edit
 * suppresses findings and is counted in the shutdown report.
 */
class HotReloadIT {
  private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(10);
  private static final String ATTACK = "1 OR 1=1";

  @Test
  void monitorToBlockThenAnInvalidEditThenAnExclusion() throws Exception {
    String name = "hot-reload-h2";
    Path dir = AppProcess.dirFor(name);
    String monitor = AppProcess.policy("reload-monitor", "monitor", dir);
    AppProcess app = AppProcess.start(new AppProcess.Spec(name, "h2").agent(monitor));
    Path policyFile = app.dir.resolve("policy.json");
    try {
      // Monitor: the attack gets through and is logged as monitored.
      int mark = Audit.mark(app);
      assertThat(Http.get(app, "/books", Http.JSON, "id", ATTACK).status()).isEqualTo(200);
      assertThat(onlyFindingSince(app, mark).path("action").asText()).isEqualTo("monitored");

      // An editor writes a new file and renames it over the old one.
      String block = AppProcess.policy("reload-block", "block", dir);
      replaceByRename(policyFile, block);
      JsonNode changed = awaitEvent(app, "policy_changed", 1);
      assertThat(changed.path("policy").path("sha256").asText()).isEqualTo(sha256(block));
      assertThat(changed.path("previous_policy").path("sha256").asText()).isEqualTo(sha256(monitor));
      mark = Audit.mark(app);
      assertThat(Http.get(app, "/books", Http.JSON, "id", ATTACK).status()).as("the next attack is blocked").isEqualTo(403);
      JsonNode blocked = onlyFindingSince(app, mark);
      assertThat(blocked.path("action").asText()).isEqualTo("blocked");
      assertThat(blocked.path("policy").path("name").asText()).isEqualTo("reload-block");
      assertThat(Http.get(app, "/books", Http.JSON, "id", "1").status()).as("a benign request still passes").isEqualTo(200);

      // An invalid edit, written in place: refused, logged with its pointer, the block policy stays.
      Files.writeString(policyFile, block.replace("\"mode\":\"block\"", "\"mode\":\"blokc\""), StandardCharsets.UTF_8);
      JsonNode rejected = awaitEvent(app, "policy_rejected", 1);
      assertThat(rejected.path("policy").path("sha256").asText()).as("the policy in force").isEqualTo(sha256(block));
      assertThat(rejected.path("errors").get(0).path("pointer").asText()).isEqualTo("/mode");
      assertThat(Polling.until(() -> app.stderrText().contains("/mode") ? "yes" : null, RELOAD_DEADLINE,
          () -> "no stderr line names /mode\n" + app.outputs())).isEqualTo("yes");
      assertThat(Http.get(app, "/books", Http.JSON, "id", ATTACK).status()).as("still blocked").isEqualTo(403);

      // An exclusion for the local client: the attack passes, is not logged, and is counted.
      String excluded = block.substring(0, block.length() - 1)
          + ",\"exclusions\":[{\"id\":\"local-scanner\",\"reason\":\"the test's own client\",\"client_cidrs\":[\"127.0.0.0/8\",\"::1\"],"
          + "\"sink_targets\":[\"SELECT * FROM bookstore_books WHERE id = *\"]}]}";
      replaceByRename(policyFile, excluded);
      awaitEvent(app, "policy_changed", 2);
      mark = Audit.mark(app);
      assertThat(Http.get(app, "/books", Http.JSON, "id", ATTACK).status()).isEqualTo(200);
      assertThat(Http.get(app, "/books", Http.JSON, "id", ATTACK).status()).isEqualTo(200);
      // The fence: another statement is not covered by the exclusion, so it is blocked and logged,
      // and the writer keeps order, so nothing of the two excluded attacks can come after it.
      assertThat(Http.get(app, "/search", Http.JSON, "q", "' OR '1'='1").status()).isEqualTo(403);
      int from = mark;
      List<JsonNode> since = Polling.until(() -> {
        List<JsonNode> all = AuditLogReader.events(app.auditLog);
        List<JsonNode> tail = all.subList(Math.min(from, all.size()), all.size());
        return tail.stream().anyMatch(e -> "/search".equals(e.path("request").path("path").asText())) ? tail : null;
      }, RELOAD_DEADLINE, () -> "the /search attack was not logged\n" + app.outputs());
      assertThat(since).as("only the /search attack is logged:\n%s", Audit.describe(since)).hasSize(1);
    } finally {
      app.close();
    }
    assertThat(app.stderrText()).as("shutdown report\n%s", app.outputs())
        .containsPattern("2 finding\\(s\\) suppressed by exclusions \\{local-scanner=2\\}");
  }

  private static void replaceByRename(Path policyFile, String json) throws IOException {
    Path temp = policyFile.resolveSibling(".policy.json.tmp");
    Files.writeString(temp, json, StandardCharsets.UTF_8);
    Files.move(temp, policyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static JsonNode awaitEvent(AppProcess app, String type, int nth) {
    return Polling.until(() -> {
      List<JsonNode> events = events(app, type);
      return events.size() >= nth ? events.get(nth - 1) : null;
    }, RELOAD_DEADLINE, () -> "no " + type + " event #" + nth + " within " + RELOAD_DEADLINE.toSeconds() + " s in "
        + app.auditLog + ":\n" + AuditLogReader.text(app.auditLog) + "\n" + app.outputs());
  }

  private static List<JsonNode> events(AppProcess app, String type) {
    return AuditLogReader.events(app.auditLog).stream().filter(e -> type.equals(AuditLogReader.type(e)))
        .collect(Collectors.toList());
  }

  private static JsonNode onlyFindingSince(AppProcess app, int mark) {
    List<JsonNode> findings = Audit.requestEvents(Audit.since(app, mark));
    assertThat(findings).as("one finding since the mark:\n%s", Audit.describe(findings)).hasSize(1);
    return findings.get(0);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
