package io.palisade.instrumentation.javahttpclient;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Every {@code send}/{@code sendAsync} of the JDK's client implementation (the public facade delegates to it). */
final class HttpClientSendInstrumentation implements TypeInstrumentation {
  static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(CLIENT);
  }

  @Override
  public List<String> jdkTypes() {
    return Collections.singletonList(CLIENT);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        namedOneOf("send", "sendAsync").and(takesArgument(0, named("java.net.http.HttpRequest"))),
        "io.palisade.instrumentation.javahttpclient.SendAdvice");
  }
}
