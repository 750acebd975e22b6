package io.palisade.instrumentation.thymeleaf;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Thymeleaf 3.x: template injection is checked where a template is about to be resolved and parsed,
 * and, in Spring MVC, where a view name (with its fragment selector) is about to be parsed.
 * Reflected XSS in Thymeleaf pages needs no hook of its own: the engine writes to the writer it is
 * given, which in a web application is the response's {@code getWriter()}, checked by the servlet
 * module's response hook.
 */
public final class ThymeleafInstrumentationModule implements InstrumentationModule {
  @Override
  public String name() {
    return "thymeleaf";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new TemplateEngineInstrumentation(), new ThymeleafViewInstrumentation());
  }
}
