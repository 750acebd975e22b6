package io.palisade.instrumentation.thymeleaf;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import io.palisade.engine.instrumentation.ClassLoaderMatchers;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ThymeleafView.renderFragment} of thymeleaf-spring5 and -spring6: a Spring view name with
 * {@code ::} is parsed there as a fragment expression, {@code __${...}__} preprocessing included,
 * before {@code TemplateEngine.process} is reached; so the view name is checked on entry.
 */
final class ThymeleafViewInstrumentation implements TypeInstrumentation {
  private static final String[] VIEWS = {
    "org.thymeleaf.spring6.view.ThymeleafView", "org.thymeleaf.spring5.view.ThymeleafView"
  };

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasAnyClassNamed(VIEWS);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(VIEWS);
  }

  @Override
  public List<String> requiredSupertypes() {
    return Arrays.asList(VIEWS);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("renderFragment"), "io.palisade.instrumentation.thymeleaf.ViewRenderAdvice");
  }
}
