package io.palisade.instrumentation.httpurlconnection;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * {@code java.net.HttpURLConnection} and {@code HttpsURLConnection} (the JDK's implementation, which
 * the https one delegates to), and every library built on them (Spring's
 * {@code SimpleClientHttpRequestFactory}, the default of RestTemplate).
 */
public final class HttpUrlConnectionModule implements InstrumentationModule {
  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new HttpUrlConnectionInstrumentation());
  }
}
