package io.palisade.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The container's {@code AsyncContext}: {@code start(Runnable)} hands work to a container thread
 * (the request's context goes with it), and {@code complete()} ends the request.
 */
final class AsyncContextInstrumentation implements TypeInstrumentation {
  private final String namespace;

  AsyncContextInstrumentation(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(namespace + ".AsyncContext");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(namespace + ".AsyncContext")));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(namespace + ".AsyncContext");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("start").and(takesArguments(Runnable.class)).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.AsyncStartAdvice");
    target.applyAdvice(
        named("complete").and(takesNoArguments()).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.AsyncCompleteAdvice");
  }
}
