package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code getOutputStream()}: the request's response stream is checked from now on. */
@SuppressWarnings("unused")
public final class ResponseStreamAdvice {
  private ResponseStreamAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(
      @Advice.This Object response, @Advice.Return Object stream, @Advice.Thrown Throwable thrown) {
    if (thrown == null) {
      Bridge.responseStream(response, stream);
    }
  }
}
