package io.palisade.instrumentation.freemarker;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * FreeMarker 2.3 (2.3.24 and later): template injection is checked where a template source is about
 * to be parsed and where a template is looked up by name. Reflected XSS in FreeMarker pages needs no
 * hook of its own: the engine writes to the writer it is given, which in a web application is the
 * response's {@code getWriter()}, checked by the servlet module's response hook.
 */
public final class FreemarkerInstrumentationModule implements InstrumentationModule {
  @Override
  public String name() {
    return "freemarker";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new TemplateInstrumentation(), new ConfigurationInstrumentation());
  }
}
