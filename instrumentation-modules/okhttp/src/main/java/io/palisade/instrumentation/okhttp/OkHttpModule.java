package io.palisade.instrumentation.okhttp;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * OkHttp 4.x and 5.x (same internal class names): every call starts in {@code RealCall.execute()} or
 * {@code RealCall.enqueue(Callback)}; every redirect OkHttp follows is built by
 * {@code RetryAndFollowUpInterceptor.buildRedirectRequest(Response, String)}.
 */
public final class OkHttpModule implements InstrumentationModule {
  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new RealCallInstrumentation(), new FollowUpInstrumentation());
  }
}
