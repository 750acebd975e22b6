package io.palisade.instrumentation.velocity;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Apache Velocity Engine 2.x: template injection is checked where template text is about to be parsed.
 * Reflected XSS in Velocity pages needs no hook of its own: Velocity escapes nothing and writes to the
 * writer it is given, which in a web application is the response's {@code getWriter()}, checked by the
 * servlet module's response hook.
 */
public final class VelocityInstrumentationModule implements InstrumentationModule {
  @Override
  public String name() {
    return "velocity";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new RuntimeInstanceInstrumentation());
  }
}
