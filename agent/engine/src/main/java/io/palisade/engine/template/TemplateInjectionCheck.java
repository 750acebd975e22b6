package io.palisade.engine.template;

import io.palisade.detector.xss.TemplateSyntax;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.engine.findings.Finding;
import java.lang.reflect.Method;
import java.io.Reader;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The template sink: a request value carrying template syntax that occurs in the template (its name,
 * or its source when the application hands the engine a string) or in a fragment selector.
 */
public final class TemplateInjectionCheck {
  public static final String DETECTOR = "template_injection";

  /** The finding for this template, or null. */
  public Finding check(RequestContext context, String engine, Object templateSpec) {
    RequestContext.Inputs inputs = context.inputs();
    if (inputs.values().isEmpty()) {
      return null;
    }
    String template = describe(templateSpec);
    int index = TemplateSyntax.injectedValue(template, inputs.values());
    if (index < 0) {
      return null;
    }
    RequestInput input = inputs.get(index);
    return new Finding(
        DETECTOR,
        "critical",
        "CWE-1336",
        input,
        "template",
        templateMethod(engine),
        template,
        "Server-side template injection: the request " + input.describe() + " carries " + engine + " template syntax ("
            + TemplateSyntax.constructIn(input.value()) + ") and became part of the template being compiled, so the "
            + "engine would evaluate it.");
  }

  /**
   * Template text an engine is about to parse (Velocity: every {@code evaluate}, every template loaded
   * by name, every {@code #evaluate}). The text is read only when some request value carries template
   * syntax at all; otherwise the engine parses its own reader untouched. Returns the reader to parse.
   */
  public Reader checkSource(RequestContext context, String engine, String name, Reader source, Consumer<Finding> report) {
    RequestContext.Inputs inputs = context.inputs();
    if (!anyCarriesSyntax(inputs.values())) {
      return source;
    }
    BufferedTemplateSource text = BufferedTemplateSource.read(source);
    int index = TemplateSyntax.injectedValue(text.text(), inputs.values());
    if (index >= 0) {
      RequestInput input = inputs.get(index);
      report.accept(new Finding(
          DETECTOR,
          "critical",
          "CWE-1336",
          input,
          "template",
          templateMethod(engine),
          name == null ? text.text() : name + ": " + text.text(),
          "Server-side template injection: the request " + input.describe() + " carries " + engine + " template syntax ("
              + TemplateSyntax.constructIn(input.value()) + ") and became part of the template text being parsed, so the "
              + "engine would evaluate it."));
    }
    return text.replay();
  }

  private static boolean anyCarriesSyntax(List<String> values) {
    for (String value : values) {
      if (TemplateSyntax.constructIn(value) != null) {
        return true;
      }
    }
    return false;
  }

  private static String templateMethod(String engine) {
    switch (engine) {
      case "thymeleaf":
        return "org.thymeleaf.TemplateEngine.process";
      case "velocity":
        return "org.apache.velocity.runtime.RuntimeInstance.parse";
      default:
        return engine;
    }
  }

  /**
   * Thymeleaf's {@code TemplateSpec}: the template (name or source) and its fragment selectors, read
   * by reflection (the agent does not link against Thymeleaf); any other object: its string form.
   */
  static String describe(Object templateSpec) {
    if (templateSpec instanceof String) {
      return (String) templateSpec;
    }
    try {
      Method getTemplate = templateSpec.getClass().getMethod("getTemplate");
      StringBuilder text = new StringBuilder(String.valueOf(getTemplate.invoke(templateSpec)));
      Object selectors = templateSpec.getClass().getMethod("getTemplateSelectors").invoke(templateSpec);
      if (selectors instanceof Collection && !((Collection<?>) selectors).isEmpty()) {
        text.append(" :: ").append(selectors);
      }
      return text.toString();
    } catch (ReflectiveOperationException e) {
      return String.valueOf(templateSpec);
    }
  }
}
