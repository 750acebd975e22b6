package io.palisade.bootstrap;

/**
 * Thrown at a sink when the policy blocks the request. It is the only exception Palisade lets escape
 * into the host application. By the time it is thrown the block response has already been written,
 * so it does not matter to the client whether application code catches it.
 */
public final class PalisadeBlockedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String eventId;

  public PalisadeBlockedException(String eventId, String message) {
    // No stack trace: it is built at every blocked sink and the audit event already records the stack.
    super(message, null, false, false);
    this.eventId = eventId;
  }

  /** The audit event that explains this block. */
  public String eventId() {
    return eventId;
  }

  /** The blocking exception in {@code thrown} or anywhere in its cause chain, or null. */
  public static PalisadeBlockedException findIn(Throwable thrown) {
    Throwable current = thrown;
    // A bounded walk: cause chains can be cyclic in badly written wrappers.
    for (int depth = 0; current != null && depth < 32; depth++) {
      if (current instanceof PalisadeBlockedException) {
        return (PalisadeBlockedException) current;
      }
      current = current.getCause();
    }
    return null;
  }
}
