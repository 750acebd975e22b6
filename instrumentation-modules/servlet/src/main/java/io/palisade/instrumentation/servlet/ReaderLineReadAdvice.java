package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into a container request reader's {@code readLine()}: the line ends are put back. */
@SuppressWarnings("unused")
public final class ReaderLineReadAdvice {
  private ReaderLineReadAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter() {
    return Bridge.bodyReadEnter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered, @Advice.Return String line) {
    Bridge.bodyTextRead(entered, line == null ? null : line + "\n");
  }
}
