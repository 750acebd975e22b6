package io.palisade.instrumentation.executors;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Request context propagation across the JDK's executors: work a request hands to a thread pool
 * (an {@code ExecutorService}, {@code CompletableFuture.supplyAsync}, Spring's task executors built
 * on them) runs with that request's inputs, so its SQL is checked like the request thread's own.
 */
public final class ExecutorsInstrumentationModule implements InstrumentationModule {
  @Override
  public String name() {
    return "executors";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new ExecutorInstrumentation());
  }
}
