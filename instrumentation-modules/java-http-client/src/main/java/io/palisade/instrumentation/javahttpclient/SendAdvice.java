package io.palisade.instrumentation.javahttpclient;

import io.palisade.bootstrap.Bridge;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/** Before the exchange starts, on the caller's thread: {@code send} nests {@code sendAsync}, checked once. */
@SuppressWarnings("unused")
public final class SendAdvice {
  private SendAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.Argument(0) HttpRequest request) {
    return request != null && Bridge.outboundEnter(null, String.valueOf(request.uri()), "java.net.http.HttpClient");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.outboundExit(entered);
  }
}
