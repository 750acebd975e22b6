package io.palisade.instrumentation.executors;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code execute(Runnable)}: hands the request's context over with the task. */
@SuppressWarnings("unused")
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Bridge.wrapTask(task);
  }
}
