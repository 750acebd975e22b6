package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletInputStream.read()}. */
@SuppressWarnings("unused")
public final class BodyByteReadAdvice {
  private BodyByteReadAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter() {
    return Bridge.bodyReadEnter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered, @Advice.Return int value) {
    Bridge.bodyByteRead(entered, value);
  }
}
