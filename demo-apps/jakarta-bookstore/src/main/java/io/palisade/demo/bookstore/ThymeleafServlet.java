package io.palisade.demo.bookstore;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * Thymeleaf 3.1 pages. {@code /thymeleaf/review} renders the comment with {@code th:utext} (reflected
 * XSS), {@code /safe/thymeleaf/review} with {@code th:text}. {@code /thymeleaf/greeting} builds a
 * template from the {@code greeting} parameter (server-side template injection); {@code
 * /safe/thymeleaf/greeting} passes it as a variable.
 */
final class ThymeleafServlet extends HttpServlet {
  private final TemplateEngine files = new TemplateEngine();
  private final TemplateEngine strings = new TemplateEngine();

  ThymeleafServlet() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(ThymeleafServlet.class.getClassLoader());
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    files.setTemplateResolver(resolver);
    StringTemplateResolver stringResolver = new StringTemplateResolver();
    stringResolver.setTemplateMode(TemplateMode.HTML);
    strings.setTemplateResolver(stringResolver);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    boolean safe = req.getServletPath().startsWith("/safe/");
    Context context = new Context();
    resp.setContentType("text/html;charset=UTF-8");
    if (req.getServletPath().endsWith("/greeting")) {
      String greeting = req.getParameter("greeting") == null ? "Welcome" : req.getParameter("greeting");
      context.setVariable("greeting", greeting);
      String template = safe ? "<p class=\"greeting\" th:text=\"${greeting}\">hi</p>" : "<p class=\"greeting\">" + greeting + "</p>";
      strings.process(template, context, resp.getWriter());
      return;
    }
    context.setVariable("comment", req.getParameter("comment") == null ? "" : req.getParameter("comment"));
    context.setVariable("name", req.getParameter("name") == null ? "anonymous" : req.getParameter("name"));
    files.process(safe ? "review-safe" : "review-unsafe", context, resp.getWriter());
  }
}
