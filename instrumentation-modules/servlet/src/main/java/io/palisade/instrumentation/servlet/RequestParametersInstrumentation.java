package io.palisade.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ServletRequest.getParameter*}: once the application asked for parameters, the container has
 * parsed any form body, and the engine may read form parameters without consuming anything.
 */
final class RequestParametersInstrumentation implements TypeInstrumentation {
  private final String namespace;

  RequestParametersInstrumentation(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(namespace + ".ServletRequest");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(namespace + ".ServletRequest")));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(namespace + ".ServletRequest");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        namedOneOf("getParameter", "getParameterMap", "getParameterNames", "getParameterValues")
            .and(isPublic())
            .and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.RequestParametersAdvice");
  }
}
