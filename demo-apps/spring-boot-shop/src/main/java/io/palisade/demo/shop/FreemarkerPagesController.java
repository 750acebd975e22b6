package io.palisade.demo.shop;

import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.freemarker.FreeMarkerConfig;

/**
 * FreeMarker pages, Spring's way (view names {@code freemarker/*}, resolved by Boot's FreeMarker view
 * resolver). Reflected XSS: {@code /freemarker/review} (a {@code .ftl} page, not auto-escaped) and
 * {@code /freemarker/search} ({@code ?no_esc} in an auto-escaped page); their safe twin
 * {@code /safe/freemarker/review} ({@code .ftlh}). Template injection: {@code /freemarker/card} compiles
 * the card text from the request as a template; {@code /safe/freemarker/card} passes it as a value.
 */
@Controller
class FreemarkerPagesController {
  private final FreeMarkerConfig freemarker;

  FreemarkerPagesController(FreeMarkerConfig freemarker) {
    this.freemarker = freemarker;
  }

  /** VULNERABLE: the comment is written raw by a page without auto-escaping. */
  @GetMapping("/freemarker/review")
  String review(@RequestParam(defaultValue = "") String comment, Model model) {
    model.addAttribute("comment", comment);
    return "freemarker/review.ftl";
  }

  /** VULNERABLE: the query is echoed with {@code ?no_esc}. */
  @GetMapping("/freemarker/search")
  String search(@RequestParam(defaultValue = "") String q, Model model) {
    model.addAttribute("q", q);
    return "freemarker/search.ftlh";
  }

  /** Safe twin of the review page: the same page, auto-escaped. */
  @GetMapping("/safe/freemarker/review")
  String safeReview(@RequestParam(defaultValue = "") String comment, Model model) {
    model.addAttribute("comment", comment);
    return "freemarker/review.ftlh";
  }

  /**
   * VULNERABLE (server-side template injection): the card text becomes template source, so
   * {@code ${"freemarker.template.utility.Execute"?new()("id")}} would run a command.
   */
  @GetMapping("/freemarker/card")
  void card(@RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "friend") String to,
      HttpServletResponse response) throws IOException, TemplateException {
    Template card = new Template("card", "<!DOCTYPE html>\n<html><body><div class=\"card\">Dear ${to?html}, " + text
        + "</div></body></html>\n", freemarker.getConfiguration());
    response.setContentType("text/html;charset=UTF-8");
    card.process(Map.of("to", to), response.getWriter());
  }

  /** Safe twin: the card text is a value in a fixed, auto-escaped template. */
  @GetMapping("/safe/freemarker/card")
  String safeCard(@RequestParam(defaultValue = "") String text, Model model) {
    model.addAttribute("text", text);
    return "freemarker/card.ftlh";
  }
}
