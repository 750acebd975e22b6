package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into a container request reader's {@code read(char[])}. */
@SuppressWarnings("unused")
public final class ReaderArrayReadAdvice {
  private ReaderArrayReadAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter() {
    return Bridge.bodyReadEnter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter boolean entered, @Advice.Argument(0) char[] buffer, @Advice.Return int count) {
    Bridge.bodyCharsRead(entered, buffer, 0, count);
  }
}
