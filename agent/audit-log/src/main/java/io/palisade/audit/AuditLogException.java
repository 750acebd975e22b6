package io.palisade.audit;

import java.io.IOException;

/**
 * The audit log cannot be opened or written. The message names the absolute path and the cause, in
 * words an operator can act on, e.g. {@code Palisade cannot write its audit log /var/log/x.jsonl:
 * permission denied}.
 */
public final class AuditLogException extends IOException {
  private static final long serialVersionUID = 1L;

  public AuditLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
