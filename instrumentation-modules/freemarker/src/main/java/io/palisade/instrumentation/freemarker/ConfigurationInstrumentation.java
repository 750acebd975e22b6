package io.palisade.instrumentation.freemarker;

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
 * {@code freemarker.template.Configuration.getTemplate(String name, Locale, Object
 * customLookupCondition, String encoding, boolean parseAsFTL, boolean ignoreMissing)}: every
 * {@code getTemplate} overload, Spring's {@code FreeMarkerView} and {@code <#include>} end in it,
 * before the name is resolved and the template loaded and parsed.
 */
final class ConfigurationInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed("freemarker.template.Configuration");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("freemarker.template.Configuration");
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList("freemarker.template.Configuration");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("getTemplate").and(takesArguments(6)).and(takesArgument(0, String.class)),
        "io.palisade.instrumentation.freemarker.GetTemplateAdvice");
  }
}
