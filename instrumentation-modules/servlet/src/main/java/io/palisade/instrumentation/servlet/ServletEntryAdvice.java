package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.RequestRefused;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into servlet and filter entry methods. Typed with Object so one class serves both servlet
 * namespaces. The bridge never throws; at exit it may swallow the blocking exception of a request
 * whose block response is already written, so the container does not log a 500 for it. When the
 * policy's access rules refuse the request, the entry returns {@link RequestRefused} with the refusal
 * already written, and the method body (the filter chain, the application) is skipped.
 */
@SuppressWarnings("unused")
public final class ServletEntryAdvice {
  private ServletEntryAdvice() {}

  @Advice.OnMethodEnter(skipOn = RequestRefused.class)
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
