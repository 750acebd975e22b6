package io.palisade.instrumentation.okhttp;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;
import okhttp3.Response;

/** After OkHttp built the redirect request, before it sends it. */
@SuppressWarnings("unused")
public final class RedirectRequestAdvice {
  private RedirectRequestAdvice() {}

  @Advice.OnMethodExit
  public static void exit(@Advice.Argument(0) Response response, @Advice.Return Request followUp) {
    if (followUp == null) {
      return;
    }
    String from;
    String to;
    try {
      from = response == null ? null : response.request().url().toString();
      to = followUp.url().toString();
    } catch (Throwable unreadable) {
      return;
    }
    Bridge.outboundRedirect(from, to, "okhttp3");
  }
}
