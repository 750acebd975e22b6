package io.palisade.engine.metrics;

import io.palisade.audit.AuditLog;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.Policy;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link AgentMXBean}: reads the live counters, holds none of its own. */
public final class AgentMBean implements AgentMXBean {
  private final PolicyState state;
  private final AgentMetrics metrics;
  private final LongSupplier policyChanges;
  private final LongSupplier policyRejections;
  private final LongSupplier internalFailures;

  public AgentMBean(PolicyState state, AgentMetrics metrics, LongSupplier policyChanges, LongSupplier policyRejections,
      LongSupplier internalFailures) {
    this.state = state;
    this.metrics = metrics;
    this.policyChanges = policyChanges;
    this.policyRejections = policyRejections;
    this.internalFailures = internalFailures;
  }

  /**
   * Registers the bean with the platform MBean server. Called from the agent's background thread,
   * never from premain: JMX start-up initialises JUL and management classes the application may
   * want to configure first.
   */
  public void register() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName(OBJECT_NAME);
    if (server.isRegistered(name)) {
      server.unregisterMBean(name); // a second attach replaces the first one's bean
    }
    server.registerMBean(this, name);
  }

  private Policy policy() {
    return state.policy();
  }

  private AuditLog audit() {
    return state.audit();
  }

  @Override public String getPolicyName() { return policy().name(); }

  @Override public String getPolicySha256() { return policy().sha256(); }

  @Override public String getPolicyLoadedAt() { return state.loadedAt().toString(); }

  @Override public String getPolicyMode() { return policy().mode().id(); }

  @Override public long getPolicyChanges() { return policyChanges.getAsLong(); }

  @Override public long getPolicyRejections() { return policyRejections.getAsLong(); }

  @Override public Map<String, Long> getFindingCounts() { return metrics.findingCounts(); }

  @Override public Map<String, Long> getExclusionCounts() { return metrics.exclusionCounts(); }

  @Override public long getAggregatedFindings() { return metrics.aggregatedTotal(); }

  @Override public long getCheckCount() { return merged().count(); }

  @Override public double getCheckLatencyP50Micros() { return micros(50); }

  @Override public double getCheckLatencyP95Micros() { return micros(95); }

  @Override public double getCheckLatencyP99Micros() { return micros(99); }

  @Override public double getCheckLatencyP999Micros() { return micros(99.9); }

  @Override public int getAuditQueueDepth() { return audit().queueDepth(); }

  @Override public long getAuditEventsWritten() { return audit().stats().written(); }

  @Override public long getAuditProducerWaits() { return audit().stats().producerWaits(); }

  @Override public long getAuditWriteFailures() { return audit().stats().writeFailures(); }

  @Override public long getInternalFailures() { return internalFailures.getAsLong(); }

  private double micros(double percentile) {
    return merged().percentile(percentile) / 1000.0;
  }

  /** All sink checks together (per-kind histograms stay in {@link AgentMetrics}). */
  private LatencyHistogram merged() {
    return metrics.allChecks();
  }
}
