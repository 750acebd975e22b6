package io.palisade.instrumentation.servlet;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Request capture for {@code javax.servlet} and {@code jakarta.servlet}. The advice is written once:
 * it hands the request and response over as plain objects, and the engine reads both namespaces
 * through the same accessor. Only the matchers know the package.
 */
public final class ServletInstrumentationModule implements InstrumentationModule {
  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new ServletEntryInstrumentation("jakarta.servlet"),
        new ServletEntryInstrumentation("javax.servlet"),
        new RequestParametersInstrumentation("jakarta.servlet"),
        new RequestParametersInstrumentation("javax.servlet"),
        new RequestBodyInstrumentation("jakarta.servlet"),
        new RequestBodyInstrumentation("javax.servlet"),
        new TomcatRequestReaderInstrumentation(),
        new AsyncContextInstrumentation("jakarta.servlet"),
        new AsyncContextInstrumentation("javax.servlet"),
        new ResponseWriterInstrumentation("jakarta.servlet"),
        new ResponseWriterInstrumentation("javax.servlet"),
        new ResponseStreamInstrumentation("jakarta.servlet"),
        new ResponseStreamInstrumentation("javax.servlet"),
        new ResponseStreamWriteInstrumentation("jakarta.servlet"),
        new ResponseStreamWriteInstrumentation("javax.servlet"));
  }
}
