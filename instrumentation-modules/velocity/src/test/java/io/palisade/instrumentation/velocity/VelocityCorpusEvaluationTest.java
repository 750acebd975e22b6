package io.palisade.instrumentation.velocity;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.detector.xss.HtmlEscaping;
import io.palisade.detector.xss.XssDetector;
import io.palisade.instrumentation.testing.template.Corpus;
import io.palisade.instrumentation.testing.template.RecordingTemplateHooks;
import io.palisade.instrumentation.testing.template.ReflectedFindings;
import io.palisade.instrumentation.testing.template.TemplateTestAgent;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared corpus through real Velocity with the instrumentation in place. SSTI: each payload is the
 * request value and becomes part of an "email preview" template handed to {@code evaluate}; benign
 * strings (BLNS and shop look-alikes) likewise. XSS: each payload is the request value rendered by a
 * page with {@code $q} raw and with {@code $esc.html($q)}; the rendered page goes through the same
 * reflection matcher the response writer uses.
 */
class VelocityCorpusEvaluationTest {
  private static final String RAW_PAGE = "<html><body><p>Results for $q</p><form><input name=\"q\" value=\"$q\"></form></body></html>";
  private static final String ESCAPED_PAGE =
      "<html><body><p>Results for $esc.html($q)</p><form><input name=\"q\" value=\"$esc.html($q)\"></form></body></html>";
  private static final List<String> LOOK_ALIKES = List.of("Your order #1234 costs $5", "#1 bestseller", "$5.00 (incl. tax)",
      "C# and #settings", "50% of $price", "Issue #42 (fixed)", "$('#id').hide()", "a < b && c > d", "I <3 Velocity",
      "**bold** and `code`", "US$ 3.50 #deal", "# Heading", "price: $ 10", "#ff0000");

  private static final RecordingTemplateHooks hooks = VelocityInstrumentationTest.hooks;
  private static VelocityEngine velocity;
  private final XssDetector detector = new XssDetector();

  @BeforeAll
  static void install() {
    TemplateTestAgent.install(hooks);
    velocity = new VelocityEngine();
    velocity.init();
  }

  @BeforeEach
  void forget() {
    hooks.reset();
  }

  @AfterEach
  void noPalisadeFailure() {
    assertThat(hooks.failures()).as("failures the bridge reported").isEmpty();
  }

  /** Whether the preview template built from {@code requestValue} was blocked before parsing. */
  private static boolean previewBlocked(String requestValue) {
    hooks.setRequestValues(requestValue);
    try {
      velocity.evaluate(new VelocityContext(), new StringWriter(), "preview", "Dear customer,\n" + requestValue + "\nThe shop");
      return false;
    } catch (PalisadeBlockedException blocked) {
      return true;
    } catch (RuntimeException parseOrRenderFailure) {
      return false; // Velocity rejected or failed on the text itself: not a finding
    }
  }

  @Test
  void sstiCorpusIsBlockedBeforeParsing() {
    int payloads = 0;
    int blocked = 0;
    List<String> missed = new ArrayList<>();
    for (String line : Corpus.sstiPayloads()) {
      payloads++;
      if (previewBlocked(line)) {
        blocked++;
      } else {
        missed.add(line);
      }
    }
    System.out.printf("Velocity SSTI corpus: %d payloads, %d blocked before parsing; not blocked (%d): %s%n",
        payloads, blocked, missed.size(), missed);
    // What is let through must be no Velocity that runs code: no directive, no ${...}, no method call on a reference.
    for (String line : missed) {
      assertThat(line).doesNotContain("#set", "#foreach", "#evaluate", "$class", "${").doesNotContainPattern("\\$!?[A-Za-z][\\w-]*\\.[A-Za-z]\\w*\\(");
    }
  }

  @Test
  void benignTextInAPreviewIsNotBlocked() {
    Set<String> benign = new LinkedHashSet<>(LOOK_ALIKES);
    if (Corpus.hasNaughtyStrings()) {
      benign.addAll(Corpus.naughtyStrings());
    }
    List<String> flagged = new ArrayList<>();
    for (String text : benign) {
      if (previewBlocked(text)) {
        flagged.add(text);
      }
    }
    System.out.printf("Velocity SSTI benign: %d strings (BLNS + look-alikes) in a preview template, %d blocked: %s%n",
        benign.size(), flagged.size(), flagged);
    // BLNS holds real template payloads among its "naughty" strings; only those may be blocked.
    for (String text : flagged) {
      assertThat(LOOK_ALIKES).doesNotContain(text);
      assertThat(text).containsAnyOf("${", "#{", "@{", "<#", "$class", "#set");
    }
  }

  @Test
  void xssCorpusRenderedRawIsFoundAndEscapedIsNot() {
    List<String> payloads = Corpus.xssPayloads();
    hooks.setRequestValues();
    int active = 0;
    int detected = 0;
    int escapedFound = 0;
    List<String> missed = new ArrayList<>();
    for (String payload : payloads) {
      if (detector.activeValues(List.of(payload)).isEmpty()) {
        continue; // no HTML-active content: inert wherever it is reflected
      }
      active++;
      if (findings(render(RAW_PAGE, payload), payload) > 0) {
        detected++;
      } else {
        missed.add(payload);
      }
      if (!HtmlEscaping.escape(payload).equals(payload)) {
        // A value escaping leaves unchanged (javascript:alert(1)) is still the raw value: not an escaped echo.
        escapedFound += findings(render(ESCAPED_PAGE, payload), payload);
      }
    }
    System.out.printf("Velocity XSS corpus: %d payloads with HTML-active content rendered by $q (text and quoted attribute): %d detected; "
        + "rendered by $esc.html($q): %d findings; missed: %s%n", active, detected, escapedFound, missed);
    assertThat(escapedFound).isZero();
    assertThat(100.0 * detected / active).isGreaterThan(99.0);
  }

  @Test
  void benignTextRenderedRawIsNotFound() {
    List<String> benign = new ArrayList<>(LOOK_ALIKES);
    if (Corpus.hasNaughtyStrings()) {
      // The part of BLNS before its script-injection sections, as in the detector's own evaluation.
      benign.addAll(Corpus.benignNaughtyStrings());
    }
    List<String> flagged = new ArrayList<>();
    for (String text : benign) {
      if (findings(render(RAW_PAGE, text), text) > 0) {
        flagged.add(text);
      }
    }
    System.out.printf("Velocity XSS benign: %d strings rendered raw by $q, %d flagged: %s%n", benign.size(), flagged.size(), flagged);
    for (String text : flagged) {
      assertThat(text).as("only real markup").contains("<foo");
    }
  }

  private static String render(String page, String value) {
    VelocityContext context = new VelocityContext();
    context.put("q", value);
    context.put("esc", new Escaper());
    StringWriter out = new StringWriter();
    velocity.evaluate(context, out, "page", page);
    return out.toString();
  }

  private int findings(String page, String value) {
    return ReflectedFindings.in(detector, page, value, 61);
  }

  /** The page's {@code $esc}: HTML escaping as an escaping tool does it. */
  public static final class Escaper {
    public String html(Object value) {
      return value == null ? null : HtmlEscaping.escape(String.valueOf(value));
    }
  }
}
