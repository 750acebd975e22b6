package io.palisade.instrumentation.apachehttpclient5;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpRequest;

/**
 * A minimal async client's connection callback is being built for the request (its third argument),
 * before the connection is leased; otherwise as {@link AsyncExecuteAdvice}. A constructor cannot
 * have exit advice on throwables; the bridge leaves the depth itself when it blocks.
 */
@SuppressWarnings("unused")
public final class MinimalAsyncExecuteAdvice {
  private MinimalAsyncExecuteAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.Argument(2) HttpRequest request) {
    String url;
    try {
      url = request == null || request.getAuthority() == null ? null : request.getUri().toString();
    } catch (Throwable unreadable) {
      url = null;
    }
    return url != null && Bridge.outboundEnter(null, url, "org.apache.hc.client5 async");
  }

  @Advice.OnMethodExit
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.outboundExit(entered);
  }
}
