package io.palisade.instrumentation.httpurlconnection;

import io.palisade.bootstrap.Bridge;
import java.net.HttpURLConnection;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/** Before the connection follows a redirect: {@code getURL()} is still the URL redirected from. */
@SuppressWarnings("unused")
public final class FollowRedirectAdvice {
  private FollowRedirectAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.This HttpURLConnection connection, @Advice.Argument(2) URL target) {
    Bridge.outboundRedirect(String.valueOf(connection.getURL()), String.valueOf(target), "java.net.HttpURLConnection");
  }
}
