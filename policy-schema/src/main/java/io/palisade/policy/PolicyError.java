package io.palisade.policy;

import java.util.Objects;

/** One problem found in a policy file: which file, where in it (RFC 6901 JSON pointer) and why. */
public final class PolicyError {
    private final String file;
    private final String pointer;
    private final String reason;

    public PolicyError(String file, String pointer, String reason) {
        this.file = file == null ? "" : file;
        this.pointer = pointer == null ? "" : pointer;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The file name as the operator gave it. */
    public String file() {
        return file;
    }

    /** RFC 6901 JSON pointer to the offending value; {@code ""} for the whole document. */
    public String pointer() {
        return pointer;
    }

    /** What is wrong, in words an operator understands. */
    public String reason() {
        return reason;
    }

    /** {@code "prod.json: /detectors/sql_injection/mode: must be one of block, monitor, off"}; the pointer part is left out for the root. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!file.isEmpty()) {
            sb.append(file).append(": ");
        }
        if (!pointer.isEmpty()) {
            sb.append(pointer).append(": ");
        }
        return sb.append(reason).toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PolicyError)) {
            return false;
        }
        PolicyError e = (PolicyError) o;
        return file.equals(e.file) && pointer.equals(e.pointer) && reason.equals(e.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, pointer, reason);
    }
}
