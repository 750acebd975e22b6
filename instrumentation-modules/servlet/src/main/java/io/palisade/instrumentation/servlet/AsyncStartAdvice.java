package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code AsyncContext.start(Runnable)}: the work runs with the request's context. */
@SuppressWarnings("unused")
public final class AsyncStartAdvice {
  private AsyncStartAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Bridge.wrapTask(task);
  }
}
