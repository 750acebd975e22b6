package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import java.io.PrintWriter;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code getWriter()}: the application gets the guarded writer. */
@SuppressWarnings("unused")
public final class ResponseWriterAdvice {
  private ResponseWriterAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(
      @Advice.This Object response,
      @Advice.Return(readOnly = false) PrintWriter writer,
      @Advice.Thrown Throwable thrown) {
    if (thrown == null) {
      writer = Bridge.responseWriter(response, writer);
    }
  }
}
