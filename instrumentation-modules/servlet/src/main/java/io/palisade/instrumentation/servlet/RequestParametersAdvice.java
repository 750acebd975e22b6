package io.palisade.instrumentation.servlet;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code getParameter*}: tells the engine the form body is parsed. */
@SuppressWarnings("unused")
public final class RequestParametersAdvice {
  private RequestParametersAdvice() {}

  @Advice.OnMethodExit
  public static void exit(@Advice.This Object request) {
    Bridge.servletParametersParsed(request);
  }
}
