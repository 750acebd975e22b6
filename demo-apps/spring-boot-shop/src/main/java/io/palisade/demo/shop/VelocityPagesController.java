package io.palisade.demo.shop;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTML pages rendered with Velocity straight to the response writer ({@code templates/velocity/*.vm}).
 * Velocity escapes nothing by default: the search page reflects {@code q} raw, its safe twin escapes it.
 * The e-mail preview is server-side template injection: the template text itself comes from the request.
 */
@RestController
class VelocityPagesController {
  private final VelocityEngine velocity;

  VelocityPagesController(VelocityEngine velocity) {
    this.velocity = velocity;
  }

  /** VULNERABLE: {@code $q} is written into the page unescaped (reflected XSS). */
  @GetMapping("/velocity/search")
  void search(@RequestParam(defaultValue = "") String q, HttpServletResponse response) throws IOException {
    render("templates/velocity/search.vm", searchContext(q), response);
  }

  /** Safe twin: the same page with {@code $esc.html($q)}. */
  @GetMapping("/velocity/safe/search")
  void safeSearch(@RequestParam(defaultValue = "") String q, HttpServletResponse response) throws IOException {
    render("templates/velocity/search-safe.vm", searchContext(q), response);
  }

  /**
   * VULNERABLE (SSTI): the e-mail text a shop admin types is evaluated as a Velocity template, so
   * {@code #set}, {@code $x.getClass()} and {@code #evaluate} in it run on the server.
   */
  @RequestMapping("/velocity/email-preview")
  void emailPreview(@RequestParam(defaultValue = "") String text, HttpServletResponse response) throws IOException {
    VelocityContext context = new VelocityContext();
    context.put("customer", "Ada Lovelace");
    context.put("orderId", 1234);
    response.setContentType("text/html;charset=UTF-8");
    PrintWriter out = response.getWriter();
    out.write("<html><body><h1>E-mail preview</h1><pre>");
    velocity.evaluate(context, out, "email-preview", text);
    out.write("</pre></body></html>");
    out.flush();
  }

  private static VelocityContext searchContext(String q) {
    VelocityContext context = new VelocityContext();
    context.put("q", q);
    context.put("esc", new HtmlEscaper());
    return context;
  }

  private void render(String template, VelocityContext context, HttpServletResponse response) throws IOException {
    response.setContentType("text/html;charset=UTF-8");
    PrintWriter out = response.getWriter();
    velocity.getTemplate(template, "UTF-8").merge(context, out);
    out.flush();
  }

  /** The pages' {@code $esc}: {@code $esc.html(value)} escapes as an escaping tool does. */
  public static final class HtmlEscaper {
    public String html(Object value) {
      if (value == null) {
        return "";
      }
      String text = String.valueOf(value);
      StringBuilder escaped = new StringBuilder(text.length() + 16);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '&' -> escaped.append("&amp;");
          case '<' -> escaped.append("&lt;");
          case '>' -> escaped.append("&gt;");
          case '"' -> escaped.append("&quot;");
          case '\'' -> escaped.append("&#39;");
          default -> escaped.append(c);
        }
      }
      return escaped.toString();
    }
  }
}
