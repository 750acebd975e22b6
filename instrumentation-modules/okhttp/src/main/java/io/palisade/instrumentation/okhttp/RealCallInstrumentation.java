package io.palisade.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code RealCall.execute()} and {@code RealCall.enqueue(Callback)}: the call's URL before anything is sent. */
final class RealCallInstrumentation implements TypeInstrumentation {
  static final String REAL_CALL = "okhttp3.internal.connection.RealCall";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(REAL_CALL);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(REAL_CALL);
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList("okhttp3.Call"); // RealCall implements it directly
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("execute").and(takesArguments(0)).or(named("enqueue").and(takesArguments(1))),
        "io.palisade.instrumentation.okhttp.CallStartAdvice");
  }
}
