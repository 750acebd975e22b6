package io.palisade.instrumentation.apachehttpclient4;

import io.palisade.bootstrap.Bridge;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpUriRequest;

/** Before the request goes to the exec chain: the absolute URL, from the request or the target host. */
@SuppressWarnings("unused")
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request) {
    String url = null;
    try {
      if (request instanceof HttpUriRequest) {
        URI uri = ((HttpUriRequest) request).getURI();
        if (uri != null && uri.isAbsolute()) {
          url = uri.toString();
        }
      }
      if (url == null && target != null && request != null) {
        // concat, not +: HttpClient 4 is Java 6 bytecode, where inlined advice cannot use invokedynamic
        url = target.toURI().concat(request.getRequestLine().getUri());
      }
    } catch (Throwable unreadable) {
      url = null;
    }
    return url != null && Bridge.outboundEnter(null, url, "org.apache.http client 4");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.outboundExit(entered);
  }
}
