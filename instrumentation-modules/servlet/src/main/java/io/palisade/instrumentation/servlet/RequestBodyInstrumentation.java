package io.palisade.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The {@code read} methods of every {@code ServletInputStream}: the engine keeps a bounded copy of
 * what the application reads, so JSON, XML and multipart values become request inputs. The copy is
 * taken from the application's own reads (a tee); Palisade never reads a body by itself.
 */
final class RequestBodyInstrumentation implements TypeInstrumentation {
  private final String namespace;

  RequestBodyInstrumentation(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(namespace + ".ServletInputStream");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(namespace + ".ServletInputStream")));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(namespace + ".ServletInputStream");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("read").and(takesNoArguments()).and(returns(int.class)).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.BodyByteReadAdvice");
    target.applyAdvice(
        named("read").and(takesArguments(byte[].class)).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.BodyArrayReadAdvice");
    target.applyAdvice(
        named("read").or(named("readLine"))
            .and(takesArguments(byte[].class, int.class, int.class))
            .and(returns(int.class))
            .and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.BodyRangeReadAdvice");
  }
}
