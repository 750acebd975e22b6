package io.palisade.instrumentation.apachehttpclient5;

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

/** {@code RedirectStrategy.getLocationURI(request, response, context)}: where the client goes next. */
final class RedirectStrategyInstrumentation implements TypeInstrumentation {
  static final String STRATEGY = "org.apache.hc.client5.http.protocol.RedirectStrategy";

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
        named("getLocationURI").and(takesArguments(3)).and(not(isAbstract())),
        "io.palisade.instrumentation.apachehttpclient5.RedirectLocationAdvice");
  }
}
