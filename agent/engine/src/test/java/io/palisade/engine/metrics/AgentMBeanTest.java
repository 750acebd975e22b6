package io.palisade.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.Policy;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bean as JConsole or a JMX exporter sees it: through the platform MBean server, open types only. */
class AgentMBeanTest {
  @TempDir Path dir;

  @Test
  void countersLatencyAndPolicyAreReadableOverJmx() throws Exception {
    AuditLog audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
    try {
      AgentMetrics metrics = new AgentMetrics();
      metrics.finding("sql_injection", "blocked");
      metrics.finding("sql_injection", "blocked");
      metrics.finding("sql_injection", "monitored");
      metrics.excluded("search-box");
      for (int i = 1; i <= 100; i++) {
        metrics.checkTook("sql", i * 1000L);
      }
      new AgentMBean(new PolicyState(Policy.defaults(), audit), metrics, () -> 2, () -> 1, () -> 0).register();

      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName("io.palisade:type=Agent");
      assertThat(server.getAttribute(name, "PolicySha256")).isEqualTo(Policy.defaults().sha256());
      assertThat(server.getAttribute(name, "PolicyMode")).isEqualTo("monitor");
      assertThat(server.getAttribute(name, "PolicyChanges")).isEqualTo(2L);
      assertThat(server.getAttribute(name, "PolicyRejections")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "CheckCount")).isEqualTo(100L);
      assertThat((Double) server.getAttribute(name, "CheckLatencyP50Micros")).isBetween(50.0, 57.0);
      assertThat((Double) server.getAttribute(name, "CheckLatencyP99Micros")).isBetween(99.0, 112.0);
      assertThat(server.getAttribute(name, "AuditQueueDepth")).isEqualTo(0);
      TabularData findings = (TabularData) server.getAttribute(name, "FindingCounts");
      CompositeData blocked = findings.get(new Object[] {"sql_injection/blocked"});
      assertThat(blocked.get("value")).isEqualTo(2L);
      TabularData exclusions = (TabularData) server.getAttribute(name, "ExclusionCounts");
      assertThat(exclusions.get(new Object[] {"search-box"}).get("value")).isEqualTo(1L);
      server.unregisterMBean(name);
    } finally {
      audit.close();
    }
  }
}
