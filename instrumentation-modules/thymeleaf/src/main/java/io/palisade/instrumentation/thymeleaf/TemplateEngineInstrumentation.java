package io.palisade.instrumentation.thymeleaf;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code org.thymeleaf.TemplateEngine.process(TemplateSpec, IContext, Writer)} and
 * {@code processThrottled(TemplateSpec, IContext)}: every {@code process} overload ends in one of
 * them, before the template is resolved, parsed or cached. The spec carries the template (a name, or
 * the source itself with a string resolver) and the fragment selectors.
 */
final class TemplateEngineInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed("org.thymeleaf.TemplateEngine");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("org.thymeleaf.TemplateEngine");
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList("org.thymeleaf.TemplateEngine");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        namedOneOf("process", "processThrottled").and(takesArgument(0, named("org.thymeleaf.TemplateSpec"))),
        "io.palisade.instrumentation.thymeleaf.TemplateProcessAdvice");
  }
}
