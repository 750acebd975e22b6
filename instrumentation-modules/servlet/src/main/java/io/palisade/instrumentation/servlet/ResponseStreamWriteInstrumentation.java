package io.palisade.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The write, flush and close methods of every {@code ServletOutputStream}: the bytes are offered to the
 * engine first, which takes them (the method body is skipped) only for the request's own guarded HTML
 * response; any other stream, and a binary response, goes on as if nothing were there.
 */
final class ResponseStreamWriteInstrumentation implements TypeInstrumentation {
  private final String namespace;

  ResponseStreamWriteInstrumentation(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(namespace + ".ServletOutputStream");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(namespace + ".ServletOutputStream")));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(namespace + ".ServletOutputStream");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("write").and(takesArguments(byte[].class, int.class, int.class)).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.StreamBytesWriteAdvice");
    target.applyAdvice(
        named("write").and(takesArguments(byte[].class)).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.StreamArrayWriteAdvice");
    target.applyAdvice(
        named("write").and(takesArguments(int.class)).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.StreamByteWriteAdvice");
    target.applyAdvice(
        named("write").and(takesArguments(java.nio.ByteBuffer.class)).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.StreamBufferWriteAdvice");
    target.applyAdvice(
        named("flush").and(takesNoArguments()).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.StreamFlushAdvice");
    target.applyAdvice(
        named("close").and(takesNoArguments()).and(not(isAbstract())),
        "io.palisade.instrumentation.servlet.StreamCloseAdvice");
  }
}
