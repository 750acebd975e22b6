package io.palisade.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Tomcat's {@code getReader()} returns a {@code CoyoteReader} that decodes from the connector's
 * buffer without going through the {@code ServletInputStream}: its reads are teed here. (Jetty and
 * Undertow build their reader on the input stream, which is already covered.)
 */
final class TomcatRequestReaderInstrumentation implements TypeInstrumentation {
  private static final String COYOTE_READER = "org.apache.catalina.connector.CoyoteReader";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(COYOTE_READER);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(COYOTE_READER);
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList("java.io.BufferedReader");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("read").and(takesNoArguments()).and(returns(int.class)),
        "io.palisade.instrumentation.servlet.ReaderCharReadAdvice");
    target.applyAdvice(
        named("read").and(takesArguments(char[].class)),
        "io.palisade.instrumentation.servlet.ReaderArrayReadAdvice");
    target.applyAdvice(
        named("read").and(takesArguments(char[].class, int.class, int.class)),
        "io.palisade.instrumentation.servlet.ReaderRangeReadAdvice");
    target.applyAdvice(
        named("readLine").and(takesNoArguments()),
        "io.palisade.instrumentation.servlet.ReaderLineReadAdvice");
  }
}
