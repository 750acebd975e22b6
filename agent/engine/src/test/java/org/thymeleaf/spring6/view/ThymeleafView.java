package org.thymeleaf.spring6.view;

/** Stands in for Thymeleaf-Spring's {@code ThymeleafView} in the engine's tests. */
public class ThymeleafView extends AbstractThymeleafView {
  public ThymeleafView(String templateName) {
    super(templateName);
  }
}
