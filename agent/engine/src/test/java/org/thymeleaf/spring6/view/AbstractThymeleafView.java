package org.thymeleaf.spring6.view;

/** Stands in for Thymeleaf-Spring's view base class in the engine's tests: only its view name is read. */
public abstract class AbstractThymeleafView {
  private final String templateName;

  protected AbstractThymeleafView(String templateName) {
    this.templateName = templateName;
  }

  public String getTemplateName() {
    return templateName;
  }
}
