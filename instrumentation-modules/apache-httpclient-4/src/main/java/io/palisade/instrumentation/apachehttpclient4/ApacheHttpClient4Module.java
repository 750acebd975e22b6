package io.palisade.instrumentation.apachehttpclient4;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Apache HttpClient 4.x: every {@code execute} of a {@code CloseableHttpClient} ends in
 * {@code doExecute(HttpHost, HttpRequest, HttpContext)}; every redirect the client follows is built by
 * its {@code RedirectStrategy.getRedirect(request, response, context)}.
 */
public final class ApacheHttpClient4Module implements InstrumentationModule {
  @Override
  public String name() {
    return "apache-httpclient-4";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ExecuteInstrumentation(), new RedirectStrategyInstrumentation());
  }
}
