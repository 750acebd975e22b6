package io.palisade.engine.access;

import io.palisade.audit.AuditEvent;
import io.palisade.engine.ServiceInfo;
import io.palisade.engine.blocking.BlockResponder;
import io.palisade.engine.context.ClientAddress;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccessRequest;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.BlockResponse;
import io.palisade.policy.Mode;
import io.palisade.policy.Policy;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the policy's access rules at the outermost servlet entry, before any filter or the
 * application runs: one audit event per refusal, and in block mode the refusal response (401 with
 * WWW-Authenticate, 403, or 429 with Retry-After). The rules are built once per policy.
 */
public final class AccessGate {
  private static final Logger log = LoggerFactory.getLogger(AccessGate.class);

  private final PolicyState state;
  private final ServiceInfo service;
  private final Function<String, String> env;
  private final LongSupplier nanoClock;
  private volatile RulesOfPolicy current;

  public AccessGate(PolicyState state, ServiceInfo service) {
    this(state, service, System::getenv, System::nanoTime);
  }

  public AccessGate(PolicyState state, ServiceInfo service, Function<String, String> env, LongSupplier nanoClock) {
    this.state = state;
    this.service = service;
    this.env = env;
    this.nanoClock = nanoClock;
  }

  /** The rules of the policy in force (built, and their problems logged, on first use). */
  public AccessRules rules() {
    Policy policy = state.policy();
    RulesOfPolicy cached = current;
    if (cached == null || cached.policy != policy) {
      synchronized (this) {
        cached = current;
        if (cached == null || cached.policy != policy) {
          AccessRules rules = AccessRules.fromPolicy(policy.accessRules(), env, policyDirectory(policy), nanoClock);
          for (String problem : rules.problems()) {
            log.error("access rule at {} (it refuses every request it matches until fixed)", problem);
          }
          cached = new RulesOfPolicy(policy, rules);
          current = cached;
        }
      }
    }
    return cached.rules;
  }

  /** Whether the policy in force has any access rule (most requests of most services: no). */
  public boolean hasRules() {
    return !rules().isEmpty();
  }

  /**
   * Decides the request. Returns true when it was refused in block mode: the refusal is written
   * and the caller must keep the application from running.
   */
  public boolean refuse(RequestContext context) {
    AccessRules rules = rules();
    if (rules.isEmpty()) {
      return false;
    }
    ServletAccessRequest request = new ServletAccessRequest(context);
    AccessDecision decision = rules.decide(request);
    if (decision.isAllowed()) {
      return false;
    }
    AccessRule rule = decision.rule();
    boolean block = rule.mode() == Mode.BLOCK;
    Policy policy = state.policy();
    String eventId = UUID.randomUUID().toString();
    Map<String, String> access = new LinkedHashMap<>();
    access.put("rule", rule.id());
    access.put("requirement", decision.requirement());
    access.put("status", Integer.toString(decision.status()));
    access.putAll(decision.credential());
    Map<String, String> headers = new LinkedHashMap<>();
    if (decision.challenge() != null) {
      headers.put("WWW-Authenticate", decision.challenge());
    }
    if (decision.retryAfterSeconds() > 0) {
      headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
      access.put("retry_after", Long.toString(decision.retryAfterSeconds()));
    }
    boolean rateLimit = AccessDecision.RATE_LIMIT.equals(decision.detector());
    AuditEvent.Builder event =
        AuditEvent.builder()
            .eventId(eventId)
            .eventType(AuditEvent.TYPE_FINDING)
            .detector(decision.detector())
            .action(block ? "blocked" : "monitored")
            .severity(rateLimit ? "medium" : "high")
            .cwe(rateLimit ? "CWE-770" : "CWE-284")
            .policy(policy.name(), policy.sha256())
            .request(context.method(), context.path(), context.clientIp(), safeUser(context))
            .input("path", "path", request.path())
            .clientOrigin(peerIfForwarded(context), context.clientAddress().ignoredForwardedFor())
            .sink("access", "request entry", context.method() + " " + context.path())
            .reason("Access rule " + rule.id() + " refused the request: " + decision.reason() + ".")
            .service(service.name(), service.host(), service.pid())
            .agentVersion(service.agentVersion())
            .access(access)
            .secretValues(secrets(request, rule));
    if (!block) {
      state.audit().write(event.build());
      return false;
    }
    BlockResponder.respondAndRecord(context, responseFor(rule, policy, decision.status(), context),
        decision.status(), eventId, headers, committed -> state.audit().write(event.responseCommitted(committed).build()));
    return true;
  }

  /** The rule's body, else the policy's block response body, else a short body that names the refusal. */
  private static BlockResponse responseFor(AccessRule rule, Policy policy, int status, RequestContext context) {
    if (rule.responseBody() != null) {
      return new BlockResponse(status, rule.responseContentType(), rule.responseBody());
    }
    BlockResponse configured = policy.blockResponse();
    if (configured.body() != null) {
      return new BlockResponse(status, configured.contentType(), configured.body());
    }
    String error = status == 401 ? "unauthorized" : status == 429 ? "rate_limited" : "forbidden";
    String title = status == 401 ? "Authentication required" : status == 429 ? "Too many requests" : "Access denied";
    if (BlockResponder.wantsJson(context.header("Accept"))) {
      return new BlockResponse(status, BlockResponse.JSON_CONTENT_TYPE,
          "{\"error\":\"" + error + "\",\"event_id\":\"" + BlockResponse.EVENT_ID_PLACEHOLDER + "\"}");
    }
    return new BlockResponse(status, BlockResponse.HTML_CONTENT_TYPE,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>" + title
            + "</h1><p>Reference: " + BlockResponse.EVENT_ID_PLACEHOLDER + "</p></body></html>\n");
  }

  /** Credentials the request carried: never to be written anywhere in the event. */
  private static List<String> secrets(AccessRequest request, AccessRule rule) {
    List<String> secrets = new ArrayList<>();
    String authorization = request.header("Authorization");
    secrets.add(authorization);
    int space = authorization == null ? -1 : authorization.indexOf(' ');
    if (space > 0) {
      secrets.add(authorization.substring(space + 1).trim()); // the credentials without their scheme
    }
    if (rule.apiKeyHeader != null) {
      secrets.add(request.header(rule.apiKeyHeader));
    }
    if (rule.apiKeyQuery != null) {
      secrets.add(request.queryParameter(rule.apiKeyQuery));
    }
    secrets.removeIf(value -> value == null || value.isEmpty());
    return secrets;
  }

  private static Path policyDirectory(Policy policy) {
    if (policy.isDefault() || policy.source() == null) {
      return null;
    }
    Path parent = Paths.get(policy.source()).toAbsolutePath().getParent();
    return parent;
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

  private static final class RulesOfPolicy {
    final Policy policy;
    final AccessRules rules;

    RulesOfPolicy(Policy policy, AccessRules rules) {
      this.policy = policy;
      this.rules = rules;
    }
  }
}
