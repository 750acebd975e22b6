package io.palisade.instrumentation.thymeleaf;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code ThymeleafView.renderFragment}: the view (its name, read by the
 * engine) is checked before Thymeleaf parses and preprocesses it; blocks by throwing.
 */
@SuppressWarnings("unused")
public final class ViewRenderAdvice {
  private ViewRenderAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(@Advice.This Object view) {
    Bridge.templateProcess("thymeleaf", view);
  }
}
