package io.palisade.instrumentation.thymeleaf;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of template processing: blocks by throwing before the template is parsed. */
@SuppressWarnings("unused")
public final class TemplateProcessAdvice {
  private TemplateProcessAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.Argument(0) Object templateSpec) {
    Bridge.templateProcess("thymeleaf", templateSpec);
  }
}
