package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletOutputStream.write(int)}: skipped when the engine took the byte. */
@SuppressWarnings("unused")
public final class StreamByteWriteAdvice {
  private StreamByteWriteAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  public static boolean enter(@Advice.This Object stream, @Advice.Argument(0) int b) {
    return Bridge.responseByte(stream, b);
  }
}
