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
    return check(context, engine, templateMethod(engine, templateSpec), templateSpec);
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
    RequestContext.Inputs inputs = context.inputs();
    return anyWithSyntax(inputs.values()) || anyWithSyntax(inputs.decodedValues());
  }

  private static boolean anyWithSyntax(Iterable<String> values) {
    for (String value : values) {
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
    if (isSpringView(templateSpec) && !template.contains("::")) {
      // Thymeleaf-Spring parses only a "template :: selector" view name itself; a plain one goes to
      // TemplateEngine.process unchanged and is checked there, once.
      return null;
    }
    int index = TemplateSyntax.injectedValue(template, inputs.values());
    RequestInput input;
    if (index >= 0) {
      input = inputs.get(index);
    } else if (!inputs.decodedValues().isEmpty()) {
      // Second look: a value the application decoded itself (a second URL decoding, Base64).
      index = TemplateSyntax.injectedValue(template, inputs.decodedValues());
      if (index < 0) {
        return null;
      }
      input = inputs.decoded().get(index);
    } else {
      return null;
    }
    return new Finding(
        DETECTOR,
        "critical",
        "CWE-1336",
        input,
        "template",
        method,
        template,
        "Server-side template injection: the request " + input.describe() + " carries " + engine + " template syntax ("
            + TemplateSyntax.constructIn(input.value()) + ") and became part of the "
            + (isSpringView(templateSpec) ? "view name being parsed" : "template being compiled")
            + ", so the engine would evaluate it.");
  }

  static String templateMethod(String engine, Object templateSpec) {
    if (isSpringView(templateSpec)) {
      return templateSpec.getClass().getName() + ".renderFragment";
    }
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

  /** A Thymeleaf-Spring {@code ThymeleafView} (or a subclass): its view name is what is checked. */
  private static boolean isSpringView(Object templateSpec) {
    for (Class<?> type = templateSpec.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().endsWith(".AbstractThymeleafView")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Thymeleaf's {@code TemplateSpec}: the template (name or source) and its fragment selectors; a
   * Thymeleaf-Spring view: its view name as the controller returned it ({@code "page :: selector"}),
   * before Thymeleaf preprocesses it. Read by reflection (the agent does not link against Thymeleaf);
   * any other object: its string form.
   */
  public static String describe(Object templateSpec) {
    if (templateSpec instanceof String) {
      return (String) templateSpec;
    }
    try {
      if (isSpringView(templateSpec)) {
        return String.valueOf(templateSpec.getClass().getMethod("getTemplateName").invoke(templateSpec));
      }
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
