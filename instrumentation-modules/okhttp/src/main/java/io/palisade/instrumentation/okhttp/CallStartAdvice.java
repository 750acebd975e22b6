package io.palisade.instrumentation.okhttp;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;

/** On the caller's thread, before the call is run or queued: a block stops it there. */
@SuppressWarnings("unused")
public final class CallStartAdvice {
  private CallStartAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.This Call call) {
    String url;
    try {
      url = call.request().url().toString();
    } catch (Throwable unreadable) {
      url = null;
    }
    return url != null && Bridge.outboundEnter(null, url, "okhttp3");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.outboundExit(entered);
  }
}
