package io.palisade.engine.findings;

import io.palisade.audit.AuditLog;
import io.palisade.policy.Policy;

/** The policy in force and the audit log it writes to. Swapped atomically when the policy changes. */
public final class PolicyState {
  private volatile Policy policy;
  private final AuditLog audit;

  public PolicyState(Policy policy, AuditLog audit) {
    this.policy = policy;
    this.audit = audit;
  }

  public Policy policy() {
    return policy;
  }

  public AuditLog audit() {
    return audit;
  }

  public void replacePolicy(Policy newPolicy) {
    this.policy = newPolicy;
  }
}
