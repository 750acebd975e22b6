package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into a container request reader's {@code read()}. */
@SuppressWarnings("unused")
public final class ReaderCharReadAdvice {
  private ReaderCharReadAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter() {
    return Bridge.bodyReadEnter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered, @Advice.Return int value) {
    Bridge.bodyTextRead(entered, value < 0 ? null : String.valueOf((char) value));
  }
}
