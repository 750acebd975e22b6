package io.palisade.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ServletResponse.getOutputStream()}: the engine notes the request's own response stream, whose
 * HTML output is then checked for reflected request values (the xss detector) by
 * {@link ResponseStreamWriteInstrumentation}.
 */
final class ResponseStreamInstrumentation implements TypeInstrumentation {
  private final String namespace;

  ResponseStreamInstrumentation(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(namespace + ".ServletResponse");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(namespace + ".ServletResponse")));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(namespace + ".ServletResponse");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("getOutputStream").and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.ResponseStreamAdvice");
  }
}
