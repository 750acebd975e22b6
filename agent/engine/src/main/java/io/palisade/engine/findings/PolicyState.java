package io.palisade.engine.findings;

import io.palisade.audit.AuditLog;
import io.palisade.policy.Policy;
import java.time.Instant;

/**
 * The policy in force and the audit log it writes to. The policy is swapped atomically when a valid
 * edit is loaded: a check reads it once and uses that one policy throughout.
 */
public final class PolicyState {
  private volatile Loaded loaded;
  private final AuditLog audit;

  public PolicyState(Policy policy, AuditLog audit) {
    this.loaded = new Loaded(policy, Instant.now());
    this.audit = audit;
  }

  public Policy policy() {
    return loaded.policy;
  }

  /** When the policy in force was loaded. */
  public Instant loadedAt() {
    return loaded.at;
  }

  public AuditLog audit() {
    return audit;
  }

  /** Puts {@code newPolicy} in force; returns the one it replaces. */
  public synchronized Policy replacePolicy(Policy newPolicy) {
    Policy old = loaded.policy;
    this.loaded = new Loaded(newPolicy, Instant.now());
    return old;
  }

  /** Policy and load time as one value, so readers never see one without the other. */
  private static final class Loaded {
    final Policy policy;
    final Instant at;

    Loaded(Policy policy, Instant at) {
      this.policy = policy;
      this.at = at;
    }
  }
}
