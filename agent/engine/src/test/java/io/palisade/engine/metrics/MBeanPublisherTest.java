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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Once the JVM serves JMX, the bean is there to read. */
class MBeanPublisherTest {
  @TempDir Path dir;

  @Test
  void registersTheBeanOnceThePlatformServerExists() throws Exception {
    AuditLog audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
    try {
      MBeanPublisher publisher = new MBeanPublisher(
          new AgentMBean(new PolicyState(Policy.defaults(), audit), new AgentMetrics(), () -> 0, () -> 0, () -> 0));
      // What JConsole's attach, a JMX exporter or jmxremote do first.
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();

      assertThat(publisher.publishIfServed()).isTrue();

      ObjectName name = new ObjectName(AgentMXBean.OBJECT_NAME);
      assertThat(server.isRegistered(name)).isTrue();
      assertThat(server.getAttribute(name, "PolicyMode")).isEqualTo("monitor");
      assertThat(publisher.publishIfServed()).isTrue();
      server.unregisterMBean(name);
    } finally {
      audit.close();
    }
  }
}
