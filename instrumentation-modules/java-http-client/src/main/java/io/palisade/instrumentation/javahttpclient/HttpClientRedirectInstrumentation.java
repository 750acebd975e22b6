package io.palisade.instrumentation.javahttpclient;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code HttpRequestImpl.newInstanceForRedirection(URI, String, HttpRequestImpl, boolean)}: the
 * client's redirect filter builds the next request here, before it is sent (JDK 11 to 25).
 */
final class HttpClientRedirectInstrumentation implements TypeInstrumentation {
  static final String REQUEST = "jdk.internal.net.http.HttpRequestImpl";

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(REQUEST);
  }

  @Override
  public List<String> jdkTypes() {
    return Collections.singletonList(REQUEST);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("newInstanceForRedirection").and(isStatic()).and(takesArguments(4)),
        "io.palisade.instrumentation.javahttpclient.RedirectAdvice");
  }
}
