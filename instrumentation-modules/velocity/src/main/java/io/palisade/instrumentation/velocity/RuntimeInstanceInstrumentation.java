package io.palisade.instrumentation.velocity;

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
 * {@code org.apache.velocity.runtime.RuntimeInstance.parse(Reader, Template)}: the one method every
 * path to Velocity's parser goes through: {@code Velocity.evaluate} and {@code VelocityEngine.evaluate}
 * (string or reader), {@code Template.process} behind {@code getTemplate(name)}, and the
 * {@code #evaluate} directive inside a template.
 */
final class RuntimeInstanceInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed("org.apache.velocity.runtime.RuntimeInstance");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("org.apache.velocity.runtime.RuntimeInstance");
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList("org.apache.velocity.runtime.RuntimeInstance");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("parse")
            .and(takesArguments(2))
            .and(takesArgument(0, named("java.io.Reader")))
            .and(takesArgument(1, named("org.apache.velocity.Template"))),
        "io.palisade.instrumentation.velocity.TemplateParseAdvice");
  }
}
