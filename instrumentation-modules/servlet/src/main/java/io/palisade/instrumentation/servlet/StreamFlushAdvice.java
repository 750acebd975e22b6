package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletOutputStream.flush()}: what the check holds back goes out first. */
@SuppressWarnings("unused")
public final class StreamFlushAdvice {
  private StreamFlushAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.This Object stream) {
    Bridge.responseStreamFlushing(stream, false);
  }
}
