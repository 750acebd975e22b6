package io.palisade.engine.reload;

import io.palisade.audit.AuditEvent;
import io.palisade.engine.ServiceInfo;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.AuditConfig;
import io.palisade.policy.Policy;
import io.palisade.policy.PolicyError;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies new content of the policy file while the service runs: a valid policy replaces the one in
 * force in one atomic swap and is recorded as {@code policy_changed} (old and new hash); an invalid
 * one is refused, its errors logged with their JSON pointers and recorded as {@code policy_rejected},
 * and the last good policy stays in force.
 */
public final class PolicyReloader {
  static final Logger log = LoggerFactory.getLogger("io.palisade");

  private final PolicyState state;
  private final ServiceInfo service;
  private final String file;
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong rejections = new AtomicLong();

  public PolicyReloader(PolicyState state, ServiceInfo service, String file) {
    this.state = state;
    this.service = service;
    this.file = file;
  }

  /** Loads {@code content}, the policy file's new bytes. */
  public void apply(byte[] content) {
    PolicyLoadResult result = PolicyLoader.parse(content, file);
    Policy current = state.policy();
    if (!result.isValid()) {
      rejections.incrementAndGet();
      String hash = Policy.sha256Hex(content);
      log.error(
          "the edited policy {} (sha256 {}) is invalid and was NOT loaded; policy '{}' (sha256 {}) stays in force:",
          file, shortHash(hash), current.name(), shortHash(current.sha256()));
      AuditEvent.Builder event =
          AuditEvent.builder()
              .eventType(AuditEvent.TYPE_POLICY_REJECTED)
              .policy(current.name(), current.sha256())
              .reason("The edited policy file " + file + " (sha256 " + hash + ") is invalid and was not loaded; policy '"
                  + current.name() + "' stays in force.")
              .service(service.name(), service.host(), service.pid())
              .agentVersion(service.agentVersion());
      for (PolicyError error : result.errors()) {
        log.error("  invalid policy: {}", error);
        event.error(error.file(), error.pointer(), error.reason());
      }
      state.audit().write(event.build());
      return;
    }
    Policy next = result.policy();
    state.audit().updateFormatting(next.audit().redact(), next.audit().maxValueLength());
    Policy old = state.replacePolicy(next);
    changes.incrementAndGet();
    log.info(
        "policy reloaded from {}: '{}' (sha256 {}, mode {}) replaces '{}' (sha256 {}, mode {})",
        file, next.name(), shortHash(next.sha256()), next.mode().id(), old.name(), shortHash(old.sha256()), old.mode().id());
    if (!sameAuditOutput(old.audit(), next.audit())) {
      log.warn(
          "the audit log's file, rotation and queue settings take effect at the next restart; "
              + "redaction and value length apply at once");
    }
    state.audit().write(
        AuditEvent.builder()
            .eventType(AuditEvent.TYPE_POLICY_CHANGED)
            .policy(next.name(), next.sha256())
            .previousPolicy(old.name(), old.sha256())
            .reason("The policy file " + file + " changed: policy '" + next.name() + "' in " + next.mode().id()
                + " mode replaces '" + old.name() + "' (" + old.mode().id() + " mode).")
            .service(service.name(), service.host(), service.pid())
            .agentVersion(service.agentVersion())
            .build());
  }

  /** Valid edits loaded since start-up. */
  public long changes() {
    return changes.get();
  }

  /** Invalid edits refused since start-up. */
  public long rejections() {
    return rejections.get();
  }

  private static boolean sameAuditOutput(AuditConfig a, AuditConfig b) {
    return a.path().equals(b.path())
        && a.rotateBytes() == b.rotateBytes()
        && a.maxFiles() == b.maxFiles()
        && a.queueCapacity() == b.queueCapacity();
  }

  private static String shortHash(String sha256) {
    return sha256 == null || sha256.length() < 12 ? String.valueOf(sha256) : sha256.substring(0, 12);
  }
}
