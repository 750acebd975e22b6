package io.palisade.engine.template;

import io.palisade.detector.xss.TemplateSyntax;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.engine.findings.Finding;
import java.lang.reflect.Method;
import java.util.Collection;

/**
 * The template sink: a request value carrying template syntax that occurs in the template (its name,
 * or its source when the application hands the engine a string) or in a fragment selector.
 */
public final class TemplateInjectionCheck {
  public static final String DETECTOR = "template_injection";

  /** The finding for this template, or null. */
  public Finding check(RequestContext context, String engine, Object templateSpec) {
    return check(context, engine, templateMethod(engine), templateSpec);
  }

  /**
   * The finding for template text about to be parsed, or null: FreeMarker's {@code Template}
   * constructor; Velocity's every {@code evaluate}, template loaded by name and {@code #evaluate}.
   * The event's target names the template ({@code name}, when known) and its text.
   */
  public Finding checkSource(RequestContext context, String engine, String name, String source) {
    return check(context, engine, sourceMethod(engine), name == null ? source : name + ": " + source);
  }

  /**
   * Whether any request value carries template syntax at all: only then is a template source worth
   * reading before the engine parses it.
   */
  public boolean anyValueWithSyntax(RequestContext context) {
    for (String value : context.inputs().values()) {
      if (TemplateSyntax.constructIn(value) != null) {
        return true;
      }
    }
    return false;
  }

  private Finding check(RequestContext context, String engine, String method, Object templateSpec) {
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
        method,
        template,
        "Server-side template injection: the request " + input.describe() + " carries " + engine + " template syntax ("
            + TemplateSyntax.constructIn(input.value()) + ") and became part of the template being compiled, so the "
            + "engine would evaluate it.");
  }

  private static String templateMethod(String engine) {
    if ("freemarker".equals(engine)) {
      return "freemarker.template.Configuration.getTemplate";
    }
    return "thymeleaf".equals(engine) ? "org.thymeleaf.TemplateEngine.process" : engine;
  }

  private static String sourceMethod(String engine) {
    switch (engine) {
      case "freemarker":
        return "freemarker.template.Template.<init>";
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
