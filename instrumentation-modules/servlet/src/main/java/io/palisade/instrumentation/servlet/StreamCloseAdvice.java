package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletOutputStream.close()}: the rest of the page is checked and released first. */
@SuppressWarnings("unused")
public final class StreamCloseAdvice {
  private StreamCloseAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.This Object stream) {
    Bridge.responseStreamFlushing(stream, true);
  }
}
