package io.palisade.instrumentation.freemarker;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
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
 * {@code freemarker.template.Template(String name, String sourceName, Reader reader, Configuration,
 * ParserConfiguration, String encoding)}: the one constructor that parses. Every public constructor
 * that takes a source ({@code String} or {@code Reader}) ends in it, as do the template cache and the
 * {@code ?interpret} built-in; {@code getPlainTextTemplate} does not parse and does not reach it.
 */
final class TemplateInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed("freemarker.template.Template");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("freemarker.template.Template");
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList("freemarker.template.Template");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isConstructor()
            .and(takesArguments(6))
            .and(takesArgument(2, named("java.io.Reader")))
            .and(takesArgument(4, named("freemarker.core.ParserConfiguration"))),
        "io.palisade.instrumentation.freemarker.TemplateParseAdvice");
  }
}
