package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into a container request reader's {@code read(char[], int, int)}. */
@SuppressWarnings("unused")
public final class ReaderRangeReadAdvice {
  private ReaderRangeReadAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter() {
    return Bridge.bodyReadEnter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter boolean entered,
      @Advice.Argument(0) char[] buffer,
      @Advice.Argument(1) int offset,
      @Advice.Return int count) {
    Bridge.bodyCharsRead(entered, buffer, offset, count);
  }
}
