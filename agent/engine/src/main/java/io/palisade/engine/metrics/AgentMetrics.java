package io.palisade.engine.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the agent did, counted for operators: findings per detector and action, exclusion hits, check latency. */
public final class AgentMetrics {
  private final ConcurrentHashMap<String, LongAdder> findings = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> exclusionHits = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LatencyHistogram> checkLatency = new ConcurrentHashMap<>();
  private final LatencyHistogram allChecks = new LatencyHistogram();
  private final LongAdder aggregated = new LongAdder();

  /** A finding reported (written or aggregated) with its action: blocked, blocked_after_commit, monitored. */
  public void finding(String detector, String action) {
    findings.computeIfAbsent(detector + "/" + action, k -> new LongAdder()).increment();
  }

  /** A finding the exclusion {@code id} suppressed: counted here instead of logged. */
  public void excluded(String id) {
    exclusionHits.computeIfAbsent(id, k -> new LongAdder()).increment();
  }

  /** A finding folded into an aggregated event instead of being written on its own. */
  public void aggregated() {
    aggregated.increment();
  }

  /** One sink check of {@code kind} (sql, ...) took {@code nanos}. */
  public void checkTook(String kind, long nanos) {
    LatencyHistogram histogram = checkLatency.get(kind);
    if (histogram == null) {
      histogram = checkLatency.computeIfAbsent(kind, k -> new LatencyHistogram());
    }
    histogram.record(nanos);
    allChecks.record(nanos);
  }

  /** Every sink check of every kind. */
  public LatencyHistogram allChecks() {
    return allChecks;
  }

  /** {@code detector/action} to count, sorted. */
  public Map<String, Long> findingCounts() {
    return snapshot(findings);
  }

  /** Exclusion id to the findings it suppressed, sorted. */
  public Map<String, Long> exclusionCounts() {
    return snapshot(exclusionHits);
  }

  public long excludedTotal() {
    long total = 0;
    for (LongAdder a : exclusionHits.values()) {
      total += a.sum();
    }
    return total;
  }

  public long aggregatedTotal() {
    return aggregated.sum();
  }

  /** The latency histogram of checks of {@code kind}; empty when none ran. */
  public LatencyHistogram latency(String kind) {
    LatencyHistogram h = checkLatency.get(kind);
    return h != null ? h : new LatencyHistogram();
  }

  /** The histogram of each check kind. */
  public Map<String, LatencyHistogram> latencies() {
    return new TreeMap<>(checkLatency);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<String, LongAdder> e : counters.entrySet()) {
      out.put(e.getKey(), e.getValue().sum());
    }
    return out;
  }
}
