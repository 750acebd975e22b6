package io.palisade.instrumentation.freemarker;

import static org.assertj.core.api.Assertions.assertThat;

import freemarker.cache.StringTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import io.palisade.detector.xss.HtmlEscaping;
import io.palisade.detector.xss.XssDetector;
import io.palisade.instrumentation.testing.template.Corpus;
import io.palisade.instrumentation.testing.template.ReflectedFindings;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reflected-XSS rule on what FreeMarker really writes: the public XSS lists and the Big List of
 * Naughty Strings rendered by the demo's page shapes with auto-escaping off ({@code .ftl}), with
 * {@code ?no_esc}, and auto-escaped ({@code .ftlh}), then streamed through the detector as the response
 * writer does. Raw pages must be found, escaped pages never.
 */
class FreemarkerXssCorpusTest {
  private static final String PAGE = "<!DOCTYPE html>\n<html><body><form><input name=\"q\" value=\"${q}\"></form>\n"
      + "<div class=\"comment\">%s</div></body></html>\n";

  private final XssDetector detector = new XssDetector();
  private final Configuration configuration = new Configuration(Configuration.VERSION_2_3_24);

  FreemarkerXssCorpusTest() {
    StringTemplateLoader files = new StringTemplateLoader();
    files.putTemplate("raw.ftl", String.format(PAGE.replace("value=\"${q}\"", "value=\"${q?html}\""), "${q}"));
    files.putTemplate("no_esc.ftlh", String.format(PAGE, "${q?no_esc}"));
    files.putTemplate("escaped.ftlh", String.format(PAGE, "${q}"));
    configuration.setTemplateLoader(files);
    configuration.setRecognizeStandardFileExtensions(true);
  }

  @Test
  void corpusFigures() throws Exception {
    List<String> payloads = Corpus.xssPayloads();
    List<String> benignStrings = Corpus.benignNaughtyStrings();
    int active = 0;
    int rawFound = 0;
    int noEscFound = 0;
    int escapedFound = 0;
    List<String> foundEscaped = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    for (String payload : payloads) {
      if (detector.activeValues(List.of(payload)).isEmpty()) {
        continue; // no HTML-active content: inert wherever it is reflected
      }
      active++;
      if (findings("raw.ftl", payload) > 0) {
        rawFound++;
      } else {
        missed.add(payload);
      }
      noEscFound += findings("no_esc.ftlh", payload) > 0 ? 1 : 0;
      if (findings("escaped.ftlh", payload) > 0) {
        escapedFound++;
        foundEscaped.add(payload);
      }
    }
    // The benign part of the BLNS, as in the detector's corpus test (its later sections are script injection).
    int benign = 0;
    List<String> flagged = new ArrayList<>();
    List<String> flaggedEscaped = new ArrayList<>();
    for (String line : benignStrings) {
      benign++;
      if (findings("raw.ftl", line) > 0) {
        flagged.add(line);
      }
      if (findings("escaped.ftlh", line) > 0) {
        flaggedEscaped.add(line);
      }
    }
    System.out.printf("FreeMarker XSS corpus: %d distinct payloads, %d HTML-active; detected in the .ftl page %d/%d, "
            + "through ?no_esc %d/%d; findings on the auto-escaped .ftlh page %d/%d %s%n", payloads.size(), active,
        rawFound, active, noEscFound, active, escapedFound, active, foundEscaped);
    System.out.println("FreeMarker XSS corpus, not found in the .ftl page's text: " + missed);
    System.out.printf("FreeMarker XSS, BLNS benign part: %d/%d flagged on the raw .ftl page %s, %d on the .ftlh page%n",
        flagged.size(), benign, flagged, flaggedEscaped.size());
    assertThat(flaggedEscaped).isEmpty();
    // Escaping leaves a script URL (javascript:..., data:...) as it is: in the page's value="..." attribute
    // it is still the raw value, which the rule reports wherever a URL may run; anything else must be silent.
    assertThat(foundEscaped).allMatch(payload -> HtmlEscaping.escape(payload).equals(payload));
    // One page shape (element text): payloads that only break out of an attribute or a script string are
    // inert there (the detector's own corpus test covers those shapes).
    assertThat(100.0 * rawFound / active).isGreaterThan(95.0);
    assertThat(noEscFound).isEqualTo(rawFound);
  }

  /** Renders the page and streams it through the detector in 61-character writes, as a page arrives. */
  private int findings(String page, String value) throws IOException, freemarker.template.TemplateException {
    Template template = configuration.getTemplate(page);
    StringWriter out = new StringWriter();
    template.process(Map.of("q", value), out);
    return ReflectedFindings.in(detector, out.toString(), value, 61);
  }
}
