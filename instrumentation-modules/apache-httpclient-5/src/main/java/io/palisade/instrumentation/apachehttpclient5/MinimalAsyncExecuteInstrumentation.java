package io.palisade.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The minimal async clients ({@code HttpAsyncClients.createMinimal}, {@code createHttp2Minimal}) take
 * the request from the producer in a lambda, which Byte Buddy does not instrument (synthetic). The
 * first thing that lambda builds from the request, before it leases a connection, is its
 * connection callback, an anonymous class whose constructor takes the request third: checked there,
 * on the caller's thread.
 */
final class MinimalAsyncExecuteInstrumentation implements TypeInstrumentation {
  private static final String CALLBACK = "org.apache.hc.core5.concurrent.FutureCallback";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(AsyncExecuteInstrumentation.ASYNC_CLIENT);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return nameStartsWith(AsyncExecuteInstrumentation.PACKAGE + "MinimalHttpAsyncClient$")
        .or(nameStartsWith(AsyncExecuteInstrumentation.PACKAGE + "MinimalH2AsyncClient$"));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(CALLBACK);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isConstructor()
            .and(takesArgument(2, named("org.apache.hc.core5.http.HttpRequest")))
            .and(takesArgument(3, named("org.apache.hc.core5.http.EntityDetails"))),
        "io.palisade.instrumentation.apachehttpclient5.MinimalAsyncExecuteAdvice");
  }
}
