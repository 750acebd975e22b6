package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletOutputStream.write(byte[])}: skipped when the engine took the bytes. */
@SuppressWarnings("unused")
public final class StreamArrayWriteAdvice {
  private StreamArrayWriteAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  public static boolean enter(@Advice.This Object stream, @Advice.Argument(0) byte[] bytes) {
    return bytes != null && Bridge.responseBytes(stream, bytes, 0, bytes.length);
  }
}
