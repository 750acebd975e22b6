package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletInputStream.read(byte[])}. */
@SuppressWarnings("unused")
public final class BodyArrayReadAdvice {
  private BodyArrayReadAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter() {
    return Bridge.bodyReadEnter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter boolean entered, @Advice.Argument(0) byte[] buffer, @Advice.Return int count) {
    Bridge.bodyBytesRead(entered, buffer, 0, count);
  }
}
