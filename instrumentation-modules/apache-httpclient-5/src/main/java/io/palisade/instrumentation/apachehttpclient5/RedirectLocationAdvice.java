package io.palisade.instrumentation.apachehttpclient5;

import io.palisade.bootstrap.Bridge;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpRequest;

/** After the strategy computed the next location, before the client follows it. */
@SuppressWarnings("unused")
public final class RedirectLocationAdvice {
  private RedirectLocationAdvice() {}

  @Advice.OnMethodExit
  public static void exit(@Advice.Argument(0) HttpRequest request, @Advice.Return URI location) {
    if (location == null) {
      return;
    }
    String from = null;
    try {
      from = request == null ? null : request.getUri().toString();
    } catch (Throwable unreadable) {
      from = null;
    }
    Bridge.outboundRedirect(from, location.toString(), "org.apache.hc.client5");
  }
}
