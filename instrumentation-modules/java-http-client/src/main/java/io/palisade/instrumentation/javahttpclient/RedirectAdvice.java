package io.palisade.instrumentation.javahttpclient;

import io.palisade.bootstrap.Bridge;
import java.net.URI;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/** Before the client follows a redirect: from the previous request's URI to the new one. */
@SuppressWarnings("unused")
public final class RedirectAdvice {
  private RedirectAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.Argument(0) URI target, @Advice.Argument(2) HttpRequest previous) {
    Bridge.outboundRedirect(previous == null ? null : String.valueOf(previous.uri()), String.valueOf(target), "java.net.http.HttpClient");
  }
}
