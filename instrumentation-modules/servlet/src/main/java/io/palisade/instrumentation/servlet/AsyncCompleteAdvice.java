package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code AsyncContext.complete()}: the asynchronous request ends. */
@SuppressWarnings("unused")
public final class AsyncCompleteAdvice {
  private AsyncCompleteAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.This Object asyncContext) {
    Bridge.asyncComplete(asyncContext);
  }
}
