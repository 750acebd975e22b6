package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletOutputStream.write(ByteBuffer)} (Servlet 6.1): skipped when the engine took the bytes. */
@SuppressWarnings("unused")
public final class StreamBufferWriteAdvice {
  private StreamBufferWriteAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  public static boolean enter(@Advice.This Object stream, @Advice.Argument(0) ByteBuffer buffer) {
    return Bridge.responseByteBuffer(stream, buffer);
  }
}
