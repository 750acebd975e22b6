package io.palisade.engine.findings;

import io.palisade.audit.AuditEvent;
import io.palisade.audit.Redaction;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.ServiceInfo;
import io.palisade.engine.blocking.BlockResponder;
import io.palisade.engine.context.ClientAddress;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.policy.Exclusion;
import io.palisade.policy.Mode;
import io.palisade.policy.Policy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a finding into what operators and reviewers see: exclusions first (counted, not logged),
 * then one audit event, then, in block mode, the block response and the blocking exception.
 */
public final class FindingReporter {
  private static final Logger log = LoggerFactory.getLogger(FindingReporter.class);
  private static final int MAX_STACK_FRAMES = 20;

  /** Frames that are never the application's: the agent, the JDK, JDBC drivers and pools. */
  private static final String[] SKIPPED_PACKAGES = {
    "io.palisade.engine.", "io.palisade.bootstrap.", "io.palisade.instrumentation.", "io.palisade.shaded.",
    "java.", "javax.", "jdk.", "sun.", "com.sun.",
    "org.h2.", "org.postgresql.", "org.mariadb.", "com.mysql.", "oracle.jdbc.", "com.microsoft.sqlserver.",
    "com.zaxxer.hikari.", "org.apache.tomcat.jdbc.", "org.apache.commons.dbcp2.", "com.mchange.v2.",
    "okhttp3.", "okio.", "org.apache.hc.", "org.apache.http.", "org.springframework.http.client.",
    "org.springframework.web.client."
  };

  /** Where the request's own code ends: the servlet API and the containers below it. */
  private static final String[] CONTAINER_PACKAGES = {
    "jakarta.servlet.", "javax.servlet.", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.",
    "org.eclipse.jetty.", "io.undertow."
  };

  private final PolicyState state;
  private final ServiceInfo service;
  private final AtomicLong excluded = new AtomicLong();

  public FindingReporter(PolicyState state, ServiceInfo service) {
    this.state = state;
    this.service = service;
  }

  /** Reports the finding; throws {@link PalisadeBlockedException} when the policy blocks it. */
  public void report(RequestContext context, Finding finding) {
    Policy policy = state.policy();
    Mode mode = policy.modeFor(finding.detector());
    if (mode == Mode.OFF) {
      return;
    }
    String path = context.path();
    RequestInput input = finding.input();
    for (Exclusion exclusion : policy.exclusions()) {
      if (input == null
          ? exclusion.matches(finding.detector(), path, null, null)
          : exclusion.matches(finding.detector(), path, input.source().id(), input.name())) {
        excluded.incrementAndGet();
        return;
      }
    }

    boolean block = mode == Mode.BLOCK;
    AuditEvent.Builder event =
        AuditEvent.builder()
            .eventType("finding")
            .detector(finding.detector())
            .action(block ? "blocked" : "monitored")
            .severity(finding.severity())
            .cwe(finding.cwe())
            .policy(policy.name(), policy.sha256())
            .request(context.method(), path, context.clientIp(), safeUser(context))
            .clientOrigin(peerIfForwarded(context), context.clientAddress().ignoredForwardedFor())
            .sink(finding.sinkKind(), finding.sinkMethod(), finding.sinkTarget())
            .reason(finding.reason())
            .stack(applicationStack())
            .service(service.name(), service.host(), service.pid())
            .agentVersion(service.agentVersion())
            .secretValues(secretValues(context, policy));
    if (input != null) {
      event.input(input.source().id(), input.name(), input.value())
          .inputDetail(input.part() == RequestInput.Part.VALUE ? null : input.part().id(), input.decoding());
    }
    if (!block) {
      state.audit().write(event.build());
      return;
    }
    String eventId = UUID.randomUUID().toString();
    event.eventId(eventId);
    Boolean committedBeforeBlock;
    try {
      committedBeforeBlock = !BlockResponder.respond(context, policy.blockResponse(), eventId);
    } catch (RuntimeException responseFailure) {
      // Fail closed: the statement is refused even when the block response could not be written.
      committedBeforeBlock = null;
      log.warn("could not write the block response of event {}: {}", eventId, responseFailure.toString());
    }
    boolean afterCommit = Boolean.TRUE.equals(committedBeforeBlock);
    if (afterCommit) {
      // The client already has part of the application's response: the sink call is still refused
      // and the connection is aborted at the servlet exit rather than the rest written.
      event.action("blocked_after_commit");
    }
    state.audit().write(event.responseCommitted(committedBeforeBlock).build());
    PalisadeBlockedException blocked =
        new PalisadeBlockedException(eventId, "Palisade blocked this request (" + finding.detector() + ", event " + eventId + ")");
    context.markBlocked(blocked, afterCommit);
    throw blocked;
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
      if (exclusion.matches(finding.detector(), null, null, null)) {
        excluded.incrementAndGet();
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
            .stack(applicationStack())
            .service(service.name(), service.host(), service.pid())
            .agentVersion(service.agentVersion())
            .build());
    if (block) {
      throw new PalisadeBlockedException(eventId, "Palisade blocked this call (" + finding.detector() + ", event " + eventId + ")");
    }
  }

  /** The policy in force. */
  public Policy policy() {
    return state.policy();
  }

  public long excludedCount() {
    return excluded.get();
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

  /**
   * The application's frames: the agent's, the JDK's and the database driver's or pool's frames at
   * the top are dropped, and the walk stops where the servlet container's plumbing begins.
   */
  static List<String> applicationStack() {
    return StackWalker.getInstance()
        .walk(
            frames -> {
              List<String> kept = new ArrayList<>();
              Iterator<StackWalker.StackFrame> iterator = frames.iterator();
              while (iterator.hasNext() && kept.size() < MAX_STACK_FRAMES) {
                StackWalker.StackFrame frame = iterator.next();
                String className = frame.getClassName();
                if (!kept.isEmpty() && startsWithAny(className, CONTAINER_PACKAGES)) {
                  break;
                }
                if (!startsWithAny(className, SKIPPED_PACKAGES)) {
                  kept.add(frame.toStackTraceElement().toString());
                }
              }
              return kept;
            });
  }

  private static boolean startsWithAny(String className, String[] prefixes) {
    for (String prefix : prefixes) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
