package io.palisade.engine.metrics;

import java.util.Map;

/** What {@code io.palisade:type=Agent} shows in JConsole, VisualVM or a JMX exporter. Read-only. */
public interface AgentMXBean {
  String OBJECT_NAME = "io.palisade:type=Agent";

  /** The name of the policy in force. */
  String getPolicyName();

  /** Lower-case hex SHA-256 of the policy file in force. */
  String getPolicySha256();

  /** When the policy in force was loaded (ISO-8601 UTC). */
  String getPolicyLoadedAt();

  /** The global mode of the policy in force: block, monitor or off. */
  String getPolicyMode();

  /** Valid policy edits loaded since start-up. */
  long getPolicyChanges();

  /** Invalid policy edits refused since start-up. */
  long getPolicyRejections();

  /** Findings by {@code detector/action} (blocked, blocked_after_commit, monitored), aggregated ones included. */
  Map<String, Long> getFindingCounts();

  /** Findings suppressed, by exclusion id. */
  Map<String, Long> getExclusionCounts();

  /** Findings counted into aggregated events instead of being written one by one. */
  long getAggregatedFindings();

  /** Sink checks measured since start-up. */
  long getCheckCount();

  /** Median sink check latency in microseconds (bucket upper bound, within 12.5 %). */
  double getCheckLatencyP50Micros();

  double getCheckLatencyP95Micros();

  double getCheckLatencyP99Micros();

  double getCheckLatencyP999Micros();

  /** Audit events waiting for the writer thread now. */
  int getAuditQueueDepth();

  long getAuditEventsWritten();

  /** How often the application waited because the audit queue was full. */
  long getAuditProducerWaits();

  long getAuditWriteFailures();

  /** Internal failures of the agent (each logged once; the application continued). */
  long getInternalFailures();
}
