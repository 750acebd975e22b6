package io.palisade.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 5 async: every {@code CloseableHttpAsyncClient.execute} overload (the
 * {@code SimpleHttpRequest} ones and the producer/consumer ones) ends in {@code doExecute}, which hands
 * the request producer a channel; the producer gives the channel the request on the caller's thread.
 * The request is complete (scheme and authority from the target) in the default client's
 * {@code executeImmediate} (HTTP/1.1 and HTTP/2, whichever builder made it), which runs before a
 * connection is leased; the minimal clients are {@link MinimalAsyncExecuteInstrumentation}. Checked
 * in 5.4 to 5.6.
 */
final class AsyncExecuteInstrumentation implements TypeInstrumentation {
  static final String ASYNC_CLIENT = "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient";
  static final String PACKAGE = "org.apache.hc.client5.http.impl.async.";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(ASYNC_CLIENT);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(PACKAGE + "InternalAbstractHttpAsyncClient");
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(ASYNC_CLIENT);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("executeImmediate").and(takesArguments(5)).and(takesArgument(0, named("org.apache.hc.core5.http.HttpRequest"))),
        "io.palisade.instrumentation.apachehttpclient5.AsyncExecuteAdvice");
  }
}
