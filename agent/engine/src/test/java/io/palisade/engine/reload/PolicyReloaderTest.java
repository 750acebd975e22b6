package io.palisade.engine.reload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import io.palisade.engine.ServiceInfo;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.Mode;
import io.palisade.policy.Policy;
import io.palisade.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReloaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MONITOR = "{\"version\":1,\"name\":\"p\",\"mode\":\"monitor\"}";
  private static final String BLOCK = "{\"version\":1,\"name\":\"p\",\"mode\":\"block\"}";

  @TempDir Path dir;
  private AuditLog audit;

  @AfterEach
  void close() {
    if (audit != null) {
      audit.close();
    }
  }

  private PolicyState state(String json) throws Exception {
    audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
    return new PolicyState(PolicyLoader.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json").policy(), audit);
  }

  private List<JsonNode> events() throws Exception {
    audit.flush();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  @Test
  void aValidEditReplacesThePolicyAndRecordsBothHashes() throws Exception {
    PolicyState state = state(MONITOR);
    PolicyReloader reloader = new PolicyReloader(state, ServiceInfo.detect(), "policy.json");

    reloader.apply(BLOCK.getBytes(StandardCharsets.UTF_8));

    assertThat(state.policy().mode()).isEqualTo(Mode.BLOCK);
    assertThat(reloader.changes()).isEqualTo(1);
    JsonNode event = events().get(0);
    assertThat(event.path("event_type").asText()).isEqualTo("policy_changed");
    assertThat(event.path("policy").path("sha256").asText()).isEqualTo(Policy.sha256Hex(BLOCK.getBytes(StandardCharsets.UTF_8)));
    assertThat(event.path("previous_policy").path("sha256").asText()).isEqualTo(Policy.sha256Hex(MONITOR.getBytes(StandardCharsets.UTF_8)));
    assertThat(event.path("reason").asText()).contains("block mode replaces", "monitor mode");
    assertThat(io.palisade.policy.AuditEventSchema.validate(event)).as("valid against audit-event.schema.json").isEmpty();
  }

  @Test
  void anInvalidEditIsRefusedWithItsErrorsAndTheLastGoodPolicyStays() throws Exception {
    PolicyState state = state(MONITOR);
    Policy before = state.policy();
    PolicyReloader reloader = new PolicyReloader(state, ServiceInfo.detect(), "policy.json");

    reloader.apply("{\"version\":1,\"mode\":\"blok\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(state.policy()).isSameAs(before);
    assertThat(reloader.rejections()).isEqualTo(1);
    assertThat(reloader.changes()).isZero();
    JsonNode event = events().get(0);
    assertThat(event.path("event_type").asText()).isEqualTo("policy_rejected");
    assertThat(event.path("policy").path("sha256").asText()).isEqualTo(before.sha256());
    assertThat(event.path("errors").get(0).path("pointer").asText()).isEqualTo("/mode");
    assertThat(event.path("errors").get(0).path("file").asText()).isEqualTo("policy.json");
    assertThat(io.palisade.policy.AuditEventSchema.validate(event)).as("valid against audit-event.schema.json").isEmpty();
  }

  @Test
  void aReloadedRedactionListAppliesToTheNextEvent() throws Exception {
    PolicyState state = state(MONITOR);
    new PolicyReloader(state, ServiceInfo.detect(), "policy.json")
        .apply("{\"version\":1,\"mode\":\"monitor\",\"audit\":{\"redact\":[\"q\"],\"max_value_length\":16}}".getBytes(StandardCharsets.UTF_8));
    audit.write(io.palisade.audit.AuditEvent.builder().detector("sql_injection").input("parameter", "q", "secret value").build());
    audit.write(io.palisade.audit.AuditEvent.builder().detector("sql_injection").input("parameter", "id", "a very long value indeed, longer than sixteen").build());
    List<JsonNode> events = events();
    assertThat(events.get(1).path("input").path("value").asText()).isEqualTo("[REDACTED]");
    assertThat(events.get(2).path("input").path("value").asText()).hasSizeLessThan(40);
  }
}
