package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into servlet and filter entry methods. Typed with Object so one class serves both servlet
 * namespaces. The bridge never throws; at exit it may swallow the blocking exception of a request
 * whose block response is already written, so the container does not log a 500 for it.
 */
@SuppressWarnings("unused")
public final class ServletEntryAdvice {
  private ServletEntryAdvice() {}

  @Advice.OnMethodEnter
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    return Bridge.servletEnter(request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter Object scope, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (scope != null) {
      thrown = Bridge.servletExit(scope, thrown);
    }
  }
}
