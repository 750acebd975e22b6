package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletOutputStream.write(byte[], int, int)}: skipped when the engine took the bytes. */
@SuppressWarnings("unused")
public final class StreamBytesWriteAdvice {
  private StreamBytesWriteAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  public static boolean enter(
      @Advice.This Object stream,
      @Advice.Argument(0) byte[] bytes,
      @Advice.Argument(1) int offset,
      @Advice.Argument(2) int length) {
    return Bridge.responseBytes(stream, bytes, offset, length);
  }
}
