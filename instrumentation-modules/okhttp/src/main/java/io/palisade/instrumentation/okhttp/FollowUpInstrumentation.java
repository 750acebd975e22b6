package io.palisade.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code RetryAndFollowUpInterceptor.buildRedirectRequest(Response, String)}: the follow-up request
 * of a 3xx (authentication follow-ups go to the same URL and are left alone).
 */
final class FollowUpInstrumentation implements TypeInstrumentation {
  static final String INTERCEPTOR = "okhttp3.internal.http.RetryAndFollowUpInterceptor";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(INTERCEPTOR);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(INTERCEPTOR);
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList("okhttp3.Interceptor");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("buildRedirectRequest").and(takesArguments(2)),
        "io.palisade.instrumentation.okhttp.RedirectRequestAdvice");
  }
}
