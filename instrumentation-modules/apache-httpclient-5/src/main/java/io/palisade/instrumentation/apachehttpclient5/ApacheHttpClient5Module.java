package io.palisade.instrumentation.apachehttpclient5;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Apache HttpClient 5, classic API: every {@code execute} of a {@code CloseableHttpClient} ends in
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}; redirects (classic and async) go
 * through a {@code RedirectStrategy}'s {@code getLocationURI}.
 */
public final class ApacheHttpClient5Module implements InstrumentationModule {
  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ClassicExecuteInstrumentation(), new RedirectStrategyInstrumentation());
  }
}
