package io.palisade.instrumentation.freemarker;

import io.palisade.bootstrap.Bridge;
import java.io.Reader;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of the parsing constructor: blocks by throwing before the source is parsed.
 * The source may have been read to check it, so the constructor parses the reader the bridge returns.
 */
@SuppressWarnings("unused")
public final class TemplateParseAdvice {
  private TemplateParseAdvice() {}

  @Advice.OnMethodEnter
  public static void enter(
      @Advice.Argument(0) String name, @Advice.Argument(value = 2, readOnly = false) Reader source) {
    source = Bridge.templateSource("freemarker", name, source);
  }
}
