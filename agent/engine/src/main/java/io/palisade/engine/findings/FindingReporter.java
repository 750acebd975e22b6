package io.palisade.engine.findings;

import io.palisade.audit.AuditEvent;
import io.palisade.audit.Redaction;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.ServiceInfo;
import io.palisade.engine.blocking.BlockResponder;
import io.palisade.engine.context.ClientAddress;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.engine.metrics.AgentMetrics;
import io.palisade.policy.Exclusion;
import io.palisade.policy.Mode;
import io.palisade.policy.Policy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Turns a finding into what operators and reviewers see: exclusions first (counted, not logged),
 * then one audit event, then, in block mode, the block response and the blocking exception.
 */
public final class FindingReporter {
  private final PolicyState state;
  private final ServiceInfo service;
  private final AgentMetrics metrics;
  private final RepeatAggregator repeats = new RepeatAggregator();

  public FindingReporter(PolicyState state, ServiceInfo service) {
    this(state, service, new AgentMetrics());
  }

  public FindingReporter(PolicyState state, ServiceInfo service, AgentMetrics metrics) {
    this.state = state;
    this.service = service;
    this.metrics = metrics;
  }

  /** What became of a finding that did not block. */
  public enum Outcome {
    /** Off, or excluded: nothing was written. */
    IGNORED,
    /** An audit event was written; the sink goes on unchanged. */
    MONITORED,
    /** An audit event was written; the caller must neutralise the input (the xss sanitize action). */
    SANITIZED
  }

  /** Reports the finding; throws {@link PalisadeBlockedException} when the policy blocks it. */
  public void report(RequestContext context, Finding finding) {
    decide(context, finding, false);
  }

  /**
   * As {@link #report}, for a sink that can neutralise the input itself: in {@code sanitize} mode the
   * event says {@code sanitized} and the caller is told to do it.
   */
  public Outcome reportSanitizable(RequestContext context, Finding finding) {
    return decide(context, finding, true);
  }

  private Outcome decide(RequestContext context, Finding finding, boolean sanitizable) {
    Policy policy = state.policy();
    Mode mode = policy.modeFor(finding.detector());
    if (mode == Mode.OFF) {
      return Outcome.IGNORED;
    }
    String path = context.path();
    RequestInput input = finding.input();
    String clientIp = context.clientIp();
    for (Exclusion exclusion : policy.exclusions()) {
      if (exclusion.matches(finding.detector(), path, input == null ? null : input.source().id(),
          input == null ? null : input.name(), clientIp, finding.sinkTarget())) {
        // Counted per exclusion, not logged: reviewers audit the exclusions by their counts.
        metrics.excluded(exclusion.id());
        return Outcome.IGNORED;
      }
    }

    boolean block = mode == Mode.BLOCK;
    boolean sanitize = sanitizable && mode == Mode.SANITIZE;
    AuditEvent.Builder event =
        AuditEvent.builder()
            .eventType("finding")
            .detector(finding.detector())
            .action(block ? "blocked" : sanitize ? "sanitized" : "monitored")
            .severity(finding.severity())
            .cwe(finding.cwe())
            .policy(policy.name(), policy.sha256())
            .request(context.method(), path, clientIp, safeUser(context))
            .clientOrigin(peerIfForwarded(context), context.clientAddress().ignoredForwardedFor())
            .sink(finding.sinkKind(), finding.sinkMethod(), finding.sinkTarget())
            .reason(finding.reason())
            .stack(ApplicationStack.current())
            .service(service.name(), service.host(), service.pid())
            .agentVersion(service.agentVersion())
            .secretValues(secretValues(context, policy));
    if (input != null) {
      event.input(input.source().id(), input.name(), input.value())
          .inputDetail(input.part() == RequestInput.Part.VALUE ? null : input.part().id(), input.decoding());
    }
    if (!block) {
      String action = sanitize ? "sanitized" : "monitored";
      metrics.finding(finding.detector(), action);
      write(policy, context, finding, event);
      return sanitize ? Outcome.SANITIZED : Outcome.MONITORED;
    }
    String eventId = UUID.randomUUID().toString();
    event.eventId(eventId);
    // The event is queued before the block response leaves, so every 403 a client (or a test) sees
    // already has its event ahead of anything the client does next. A response that was committed
    // already cannot be replaced: the sink call is still refused, and the servlet exit aborts the
    // connection rather than let the rest be written.
    Boolean committedBeforeBlock = BlockResponder.respondAndRecord(context, policy.blockResponse(),
        policy.blockResponse().status(), eventId, Collections.emptyMap(), committed -> {
          boolean committedAlready = Boolean.TRUE.equals(committed);
          if (committedAlready) {
            event.action("blocked_after_commit");
          }
          metrics.finding(finding.detector(), committedAlready ? "blocked_after_commit" : "blocked");
          write(policy, context, finding, event.responseCommitted(committed));
        });
    boolean afterCommit = Boolean.TRUE.equals(committedBeforeBlock);
    PalisadeBlockedException blocked =
        new PalisadeBlockedException(eventId, "Palisade blocked this request (" + finding.detector() + ", event " + eventId + ")");
    context.markBlocked(blocked, afterCommit);
    throw blocked;
  }

  private void write(Policy policy, RequestContext context, Finding finding, AuditEvent.Builder event) {
    if (!policy.audit().aggregateRepeats()) {
      state.audit().write(event.build());
      return;
    }
    boolean written = repeats.write(state.audit(), finding.detector(), context.method(), context.path(),
        finding.input() == null ? null : finding.input().name(), context.clientIp(), event);
    if (!written) {
      metrics.aggregated();
    }
  }

  /** Writes the aggregates of repeats whose second is over; called about every 200 ms. */
  public void flushRepeats() {
    repeats.flushExpired(state.audit());
  }

  /** Writes every pending aggregate (at shutdown, before the audit log closes). */
  public void flushAllRepeats() {
    repeats.flushAll(state.audit());
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  /**
   * Reports a finding that belongs to no request (an egress rule broken by a call the application
   * makes on its own, at start-up or on a scheduler): an event without request or input, and in
   * block mode the call is refused with the blocking exception.
   */
  public void reportOutsideRequest(Finding finding) {
    Policy policy = state.policy();
    Mode mode = policy.modeFor(finding.detector());
    if (mode == Mode.OFF) {
      return;
    }
    for (Exclusion exclusion : policy.exclusions()) {
      if (exclusion.matches(finding.detector(), null, null, null, null, finding.sinkTarget())) {
        metrics.excluded(exclusion.id());
        return;
      }
    }
    boolean block = mode == Mode.BLOCK;
    String eventId = UUID.randomUUID().toString();
    state.audit().write(
        AuditEvent.builder()
            .eventType("finding")
            .eventId(eventId)
            .detector(finding.detector())
            .action(block ? "blocked" : "monitored")
            .severity(finding.severity())
            .cwe(finding.cwe())
            .policy(policy.name(), policy.sha256())
            .sink(finding.sinkKind(), finding.sinkMethod(), finding.sinkTarget())
            .reason(finding.reason())
            .stack(ApplicationStack.current())
            .service(service.name(), service.host(), service.pid())
            .agentVersion(service.agentVersion())
            .build());
    metrics.finding(finding.detector(), block ? "blocked" : "monitored");
    if (block) {
      throw new PalisadeBlockedException(eventId, "Palisade blocked this call (" + finding.detector() + ", event " + eventId + ")");
    }
  }

  /** The policy in force. */
  public Policy policy() {
    return state.policy();
  }

  public long excludedCount() {
    return metrics.excludedTotal();
  }

  private static String peerIfForwarded(RequestContext context) {
    ClientAddress address = context.clientAddress();
    return address.peerIp() != null && !address.peerIp().equals(address.clientIp()) ? address.peerIp() : null;
  }

  private static String safeUser(RequestContext context) {
    try {
      return context.user();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Values of secret-named inputs (passwords, tokens): they must never reach the log anywhere. */
  private static List<String> secretValues(RequestContext context, Policy policy) {
    List<String> secrets = new ArrayList<>();
    List<String> extraNames = policy.audit().redact();
    for (RequestInput input : context.inputs().all()) {
      if (Redaction.isSecretName(input.name(), extraNames)) {
        secrets.add(input.value());
      }
    }
    String authorization = context.header("Authorization");
    if (authorization != null) {
      secrets.add(authorization);
    }
    return secrets;
  }
}
