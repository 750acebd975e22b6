package io.palisade.instrumentation.apachehttpclient5;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Apache HttpClient 5: every {@code execute} of a classic {@code CloseableHttpClient} ends in
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}, every async one hands its request
 * over on the caller's thread (see {@link AsyncExecuteInstrumentation}); redirects (classic and async)
 * go through a {@code RedirectStrategy}'s {@code getLocationURI}.
 */
public final class ApacheHttpClient5Module implements InstrumentationModule {
  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new ClassicExecuteInstrumentation(), new AsyncExecuteInstrumentation(), new MinimalAsyncExecuteInstrumentation(),
        new RedirectStrategyInstrumentation());
  }
}
