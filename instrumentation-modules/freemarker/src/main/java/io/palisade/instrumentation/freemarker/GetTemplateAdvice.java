package io.palisade.instrumentation.freemarker;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around the lookup by name: blocks by throwing before the name is resolved, and marks the
 * lookup so that the application's own template file it loads is not taken for request data.
 */
@SuppressWarnings("unused")
public final class GetTemplateAdvice {
  private GetTemplateAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(@Advice.Argument(0) String name) {
    return Bridge.templateLookupEnter("freemarker", name);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.templateLookupExit(entered);
  }
}
