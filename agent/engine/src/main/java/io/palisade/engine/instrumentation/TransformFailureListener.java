package io.palisade.engine.instrumentation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, once per class, every class that failed to transform, and counts transformations. */
final class TransformFailureListener extends AgentBuilder.Listener.Adapter {
  private static final Logger log = LoggerFactory.getLogger(TransformFailureListener.class);

  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong transformed = new AtomicLong();

  @Override
  public void onTransformation(
      TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    transformed.incrementAndGet();
    if (log.isDebugEnabled()) {
      log.debug("instrumented {}", type.getName());
    }
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    failures.incrementAndGet();
    if (reported.add(typeName)) {
      log.warn("failed to instrument {} (that class runs unprotected): {}", typeName, error.toString());
    }
  }

  long failures() {
    return failures.get();
  }

  long transformed() {
    return transformed.get();
  }
}
