package io.palisade.instrumentation.javahttpclient;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java.net.http.HttpClient} (Java 11+): {@code send} and {@code sendAsync}, checked on the
 * caller's thread before the exchange starts, and the redirects the client follows on its own threads.
 */
public final class JavaHttpClientModule implements InstrumentationModule {
  @Override
  public String name() {
    return "java-http-client";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new HttpClientSendInstrumentation(), new HttpClientRedirectInstrumentation());
  }
}
