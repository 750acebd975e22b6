package io.palisade.instrumentation.apachehttpclient5;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Before the default async client hands the request to its exec chain, on the caller's thread. A
 * block throws from {@code execute} itself (the client only turns its own I/O and protocol
 * exceptions into a failed future), like a blocked OkHttp {@code enqueue} or java.net.http
 * {@code sendAsync}: the caller's request ends with the block response whether or not the
 * application ever looks at the future.
 */
@SuppressWarnings("unused")
public final class AsyncExecuteAdvice {
  private AsyncExecuteAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.Argument(0) HttpRequest request) {
    String url;
    try {
      url = request == null || request.getAuthority() == null ? null : request.getUri().toString();
    } catch (Throwable unreadable) {
      url = null;
    }
    return url != null && Bridge.outboundEnter(null, url, "org.apache.hc.client5 async");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.outboundExit(entered);
  }
}
