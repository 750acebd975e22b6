package io.palisade.instrumentation.apachehttpclient4;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpUriRequest;

/** After the strategy built the redirect request, before the client follows it. */
@SuppressWarnings("unused")
public final class RedirectAdvice {
  private RedirectAdvice() {}

  @Advice.OnMethodExit
  public static void exit(@Advice.Argument(0) HttpRequest request, @Advice.Return HttpUriRequest next) {
    String from;
    String to;
    try {
      if (next == null || next.getURI() == null) {
        return;
      }
      to = next.getURI().toString();
      from = request instanceof HttpUriRequest ? ((HttpUriRequest) request).getURI().toString()
          : request == null ? null : request.getRequestLine().getUri();
    } catch (Throwable unreadable) {
      return;
    }
    Bridge.outboundRedirect(from, to, "org.apache.http client 4");
  }
}
