package io.palisade.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The outcome of loading a policy: the policy when valid, otherwise every error found. */
public final class PolicyLoadResult {
    private final Policy policy;
    private final List<PolicyError> errors;

    PolicyLoadResult(Policy policy, List<PolicyError> errors) {
        this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
        this.policy = this.errors.isEmpty() ? policy : null;
        if (this.policy == null && this.errors.isEmpty()) {
            throw new IllegalArgumentException("neither a policy nor errors");
        }
    }

    /** The loaded policy; null when the file is invalid. */
    public Policy policy() {
        return policy;
    }

    /** Every error found, in document order where possible; empty when valid. */
    public List<PolicyError> errors() {
        return errors;
    }

    public boolean isValid() {
        return policy != null;
    }

    @Override
    public String toString() {
        return isValid() ? "valid policy " + policy.name() : "invalid policy " + errors;
    }
}
