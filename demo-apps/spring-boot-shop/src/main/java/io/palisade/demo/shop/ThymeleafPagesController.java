package io.palisade.demo.shop;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Thymeleaf pages (templates under {@code templates/thymeleaf/}, view names {@code thymeleaf/*}):
 * a product-review preview that reflects the comment unescaped, and the classic Spring view-name and
 * fragment-selector template injection, each with a safe twin. Thymeleaf-Spring parses a view name
 * that contains {@code ::} as a fragment expression, preprocessing {@code __${...}__} first; its own
 * guard refuses that only when the expression also appears in the URL path or in a request parameter,
 * so the header, JSON body and application-decoded variants below get past it.
 */
@Controller
class ThymeleafPagesController {
  private static final Set<String> LANGUAGES = Set.of("en", "de");
  private static final Set<String> SECTIONS = Set.of("header", "footer");

  /** {@code {"lang": "de"}} */
  record WelcomeRequest(String lang) {}

  /** VULNERABLE: the comment is written with {@code th:utext}, unescaped. */
  @GetMapping("/thymeleaf/reviews/preview")
  String reviewPreview(@RequestParam(defaultValue = "Guest") String name,
      @RequestParam(defaultValue = "") String comment, Model model) {
    model.addAttribute("name", name);
    model.addAttribute("comment", comment);
    return "thymeleaf/review";
  }

  /** Safe twin: the same page with {@code th:text}, which escapes. */
  @GetMapping("/safe/thymeleaf/reviews/preview")
  String safeReviewPreview(@RequestParam(defaultValue = "Guest") String name,
      @RequestParam(defaultValue = "") String comment, Model model) {
    model.addAttribute("name", name);
    model.addAttribute("comment", comment);
    return "thymeleaf/review-safe";
  }

  /** VULNERABLE: the language parameter becomes part of the view name. */
  @GetMapping("/thymeleaf/welcome")
  String welcome(@RequestParam(defaultValue = "en") String lang) {
    return "thymeleaf/" + lang + "/welcome";
  }

  /** VULNERABLE: the same, from a JSON body (Thymeleaf's guard looks at the path and parameters only). */
  @PostMapping("/thymeleaf/welcome")
  String welcomeFromJson(@RequestBody WelcomeRequest request) {
    return "thymeleaf/" + request.lang() + "/welcome";
  }

  /** Safe twin: only a known language reaches the view name. */
  @GetMapping("/safe/thymeleaf/welcome")
  String safeWelcome(@RequestParam(defaultValue = "en") String lang) {
    return "thymeleaf/" + (LANGUAGES.contains(lang) ? lang : "en") + "/welcome";
  }

  /** VULNERABLE: the section parameter becomes the fragment selector. */
  @GetMapping("/thymeleaf/fragments")
  String fragment(@RequestParam(defaultValue = "header") String section) {
    return "thymeleaf/fragments :: " + section;
  }

  /** VULNERABLE: the same from a header, which Thymeleaf's guard does not look at. */
  @GetMapping("/thymeleaf/fragments/by-header")
  String fragmentFromHeader(@RequestHeader(name = "X-Section", defaultValue = "header") String section) {
    return "thymeleaf/fragments :: " + section;
  }

  /**
   * VULNERABLE: the application URL-decodes the parameter once more (a "double-encoded" link), so the
   * expression is not in the parameter as Thymeleaf's guard sees it.
   */
  @GetMapping("/thymeleaf/fragments/decoded")
  String fragmentDecoded(@RequestParam(defaultValue = "header") String section) {
    return "thymeleaf/fragments :: " + URLDecoder.decode(section, StandardCharsets.UTF_8);
  }

  /** Safe twin: only a known section reaches the selector. */
  @GetMapping("/safe/thymeleaf/fragments")
  String safeFragment(@RequestParam(defaultValue = "header") String section) {
    return "thymeleaf/fragments :: " + (SECTIONS.contains(section) ? section : "header");
  }
}
