package io.palisade.instrumentation.apachehttpclient5;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;

/** Before the request goes to the exec chain: the absolute URL, from the request or the target host. */
@SuppressWarnings("unused")
public final class ClassicExecuteAdvice {
  private ClassicExecuteAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
    String url = null;
    try {
      if (request != null && request.getAuthority() != null) {
        url = request.getUri().toString();
      } else if (target != null && request != null) {
        url = target.toURI() + request.getRequestUri();
      }
    } catch (Throwable unreadable) {
      url = null;
    }
    return url != null && Bridge.outboundEnter(null, url, "org.apache.hc.client5 classic");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.outboundExit(entered);
  }
}
