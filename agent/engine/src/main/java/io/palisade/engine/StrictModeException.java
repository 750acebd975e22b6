package io.palisade.engine;

/** Strict mode ({@code -Dpalisade.strict=true}) refuses to start the JVM with an invalid configuration. */
public final class StrictModeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StrictModeException(String message) {
    super(message);
  }
}
