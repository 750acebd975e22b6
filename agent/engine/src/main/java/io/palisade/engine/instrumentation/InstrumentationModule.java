package io.palisade.engine.instrumentation;

import java.util.List;

/**
 * One library family (servlet, JDBC, ...). Modules are found with {@link java.util.ServiceLoader} in
 * the engine's class loader; adding a sink means adding one module.
 */
public interface InstrumentationModule {
  /** Short name used in diagnostics, e.g. "servlet". */
  String name();

  List<TypeInstrumentation> typeInstrumentations();
}
