package io.palisade.instrumentation.velocity;

import io.palisade.bootstrap.Bridge;
import java.io.Reader;
import net.bytebuddy.asm.Advice;
import org.apache.velocity.Template;

/**
 * Inlined at the start of {@code RuntimeInstance.parse}: the template text is checked before it is
 * parsed; the parser then reads the text the check read (the bridge hands back a reader over it).
 */
@SuppressWarnings("unused")
public final class TemplateParseAdvice {
  private TemplateParseAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false) Reader source, @Advice.Argument(1) Template template) {
    String name = null;
    try {
      name = template == null ? null : template.getName();
    } catch (Throwable ignored) {
      // the name only labels the event
    }
    source = Bridge.templateSource("velocity", name, source);
  }
}
