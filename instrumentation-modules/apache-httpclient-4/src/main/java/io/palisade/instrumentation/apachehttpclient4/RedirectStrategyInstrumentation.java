package io.palisade.instrumentation.apachehttpclient4;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
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
 * {@code RedirectStrategy.getRedirect(request, response, context)}: the next request, with its absolute
 * URI; every strategy (Default, Lax, the application's own) is one of these.
 */
final class RedirectStrategyInstrumentation implements TypeInstrumentation {
  static final String STRATEGY = "org.apache.http.client.RedirectStrategy";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(STRATEGY);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(STRATEGY)));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(STRATEGY);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("getRedirect").and(takesArguments(3)).and(not(isAbstract())),
        "io.palisade.instrumentation.apachehttpclient4.RedirectAdvice");
  }
}
