package io.palisade.instrumentation.apachehttpclient4;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code CloseableHttpClient.doExecute} in every implementation (InternalHttpClient, MinimalHttpClient, AbstractHttpClient). */
final class ExecuteInstrumentation implements TypeInstrumentation {
  static final String CLIENT = "org.apache.http.impl.client.CloseableHttpClient";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(CLIENT);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named(CLIENT)).and(not(named(CLIENT)));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(CLIENT);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("doExecute").and(takesArguments(3)).and(not(isAbstract())),
        "io.palisade.instrumentation.apachehttpclient4.ExecuteAdvice");
  }
}
