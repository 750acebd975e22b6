package io.palisade.instrumentation.httpurlconnection;

import io.palisade.bootstrap.Bridge;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/** Before the connection opens (or is found open): the outermost call checks the URL. */
@SuppressWarnings("unused")
public final class ConnectAdvice {
  private ConnectAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.This HttpURLConnection connection) {
    return Bridge.outboundEnter(connection, String.valueOf(connection.getURL()), "java.net.HttpURLConnection");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.outboundExit(entered);
  }
}
