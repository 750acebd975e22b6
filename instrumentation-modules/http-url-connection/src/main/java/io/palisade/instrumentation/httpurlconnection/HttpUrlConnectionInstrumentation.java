package io.palisade.instrumentation.httpurlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's HTTP connection: {@code connect}, {@code getInputStream} and {@code getOutputStream}
 * (whichever the application calls first opens the connection; the others nest inside it or find
 * it open) and {@code followRedirect0}, where it is about to follow a {@code Location}. The
 * {@code https} implementation delegates to a subclass of this one, so one class covers both.
 */
final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
  static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(CONNECTION);
  }

  @Override
  public List<String> jdkTypes() {
    return Collections.singletonList(CONNECTION);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        namedOneOf("connect", "getInputStream", "getOutputStream").and(isPublic()).and(takesArguments(0)),
        "io.palisade.instrumentation.httpurlconnection.ConnectAdvice");
    // Private, and present in every JDK from 8 to 25: (String location, int status, URL target).
    target.applyAdvice(
        named("followRedirect0").and(takesArguments(3)),
        "io.palisade.instrumentation.httpurlconnection.FollowRedirectAdvice");
  }
}
