package io.palisade.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every {@code Servlet.service} and {@code Filter.doFilter} implementation: the first one entered on
 * a thread opens the request context, so the context exists before filters and the application run.
 */
final class ServletEntryInstrumentation implements TypeInstrumentation {
  private final String namespace;

  ServletEntryInstrumentation(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(namespace + ".Servlet");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface())
        .and(hasSuperType(named(namespace + ".Servlet").or(named(namespace + ".Filter"))));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Arrays.asList(namespace + ".Servlet", namespace + ".Filter");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("service")
            .and(isPublic())
            .and(not(isAbstract()))
            .and(takesArguments(2))
            .and(takesArgument(0, named(namespace + ".ServletRequest")))
            .and(takesArgument(1, named(namespace + ".ServletResponse"))),
        "io.palisade.instrumentation.servlet.ServletEntryAdvice");
    target.applyAdvice(
        named("doFilter")
            .and(isPublic())
            .and(not(isAbstract()))
            .and(takesArguments(3))
            .and(takesArgument(0, named(namespace + ".ServletRequest")))
            .and(takesArgument(1, named(namespace + ".ServletResponse"))),
        "io.palisade.instrumentation.servlet.ServletEntryAdvice");
  }
}
