package io.palisade.detector.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The detector against public XSS payload lists (PayloadsAllTheThings, libinjection) and the Big List
 * of Naughty Strings' benign part, each reflected into the places a page puts a request value: text,
 * a double-quoted attribute, an unquoted attribute, a script string. A payload counts as detected when
 * it is found in at least one of them; escaped reflections must never be found; benign strings
 * reflected raw must be found only where they really open markup.
 */
class XssCorpusEvaluationTest {
  private static final Path CORPUS = Paths.get(System.getProperty("palisade.corpus", "/work/shared/corpus"));

  private static final String[][] SHAPES = {
    {"<html><body><p>Results for ", "</p></body></html>"},
    {"<form><input name=\"q\" value=\"", "\"></form>"},
    {"<form><input name=q value=", "></form>"},
    {"<script>var q = '", "';</script>"},
    {"<a href=\"", "\">again</a>"},
  };

  private final XssDetector detector = new XssDetector();

  @Test
  void payloadListsAreDetectedAndTheirEscapedEchoesAreNot() throws IOException {
    Set<String> payloads = new LinkedHashSet<>();
    Path lists = CORPUS.resolve("payloadsallthethings/xss-injection");
    Assumptions.assumeTrue(Files.isDirectory(lists), "corpus not present");
    try (Stream<Path> files = Files.list(lists)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        if (file.getFileName().toString().equals("jsonp_endpoint.txt") || file.getFileName().toString().endsWith("swf_fuzz.txt")) {
          continue; // callbacks and Flash URLs: not HTML reflections
        }
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
          if (!line.isBlank()) {
            payloads.add(line);
          }
        }
      }
    }
    int inert = 0;
    int detected = 0;
    int escapedFound = 0;
    List<String> missed = new ArrayList<>();
    List<String> inertExamples = new ArrayList<>();
    for (String payload : payloads) {
      if (detector.activeValues(List.of(payload)).isEmpty()) {
        inert++;
        inertExamples.add(payload);
        continue;
      }
      boolean found = false;
      String escaped = HtmlEscaping.escape(payload);
      for (String[] shape : SHAPES) {
        found |= findings(shape[0] + payload + shape[1], payload) > 0;
        if (!escaped.equals(payload)) {
          // A value escaping leaves unchanged (javascript:alert(1)) is still the raw value: not an escaped echo.
          int onEscaped = findings(shape[0] + escaped + shape[1], payload);
          escapedFound += onEscaped;
        }
      }
      if (found) {
        detected++;
      } else {
        missed.add(payload);
      }
    }
    int active = payloads.size() - inert;
    System.out.printf("XSS corpus: %d distinct lines, %d with HTML-active content, %d of them detected in at least one "
            + "page shape (%.1f%%); %d findings on escaped echoes%n", payloads.size(), active, detected,
        100.0 * detected / active, escapedFound);
    System.out.println("XSS corpus, lines without HTML-active content (inert wherever reflected), first: "
        + inertExamples.subList(0, Math.min(12, inertExamples.size())));
    System.out.println("XSS corpus, misses: " + missed);
    assertThat(escapedFound).isZero();
    assertThat(100.0 * detected / active).isGreaterThan(99.0);
  }

  @Test
  void benignNaughtyStringsAreNotFindings() throws IOException {
    Path blns = CORPUS.resolve("blns/blns.txt");
    Assumptions.assumeTrue(Files.isRegularFile(blns), "corpus not present");
    List<String> lines = Files.readAllLines(blns, StandardCharsets.UTF_8);
    int benign = 0;
    List<String> flagged = new ArrayList<>();
    for (String line : lines.subList(0, Math.min(340, lines.size()))) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      benign++;
      int found = 0;
      for (String[] shape : SHAPES) {
        found += findings(shape[0] + line + shape[1], line);
      }
      if (found > 0) {
        flagged.add(line);
      }
    }
    System.out.printf("BLNS benign part: %d strings reflected raw in %d page shapes, %d flagged: %s%n",
        benign, SHAPES.length, flagged.size(), flagged);
    // Only strings that really are markup (BLNS has a few tags with Unicode quotes) may be flagged.
    for (String line : flagged) {
      assertThat(HtmlActiveContent.of(line) & HtmlActiveContent.TAG).as(line).isNotZero();
    }
    assertThat(flagged.size()).isLessThanOrEqualTo(4);
  }

  private int findings(String page, String value) {
    int[] count = {0};
    ReflectionMatcher matcher =
        new ReflectionMatcher(
            detector.activeValues(List.of(value)),
            (active, where, reason, excerpt) -> {
              count[0]++;
              return ReflectionMatcher.Action.KEEP;
            },
            (text, from, to) -> {});
    for (int i = 0; i < page.length(); i += 61) {
      matcher.write(page, i, Math.min(page.length(), i + 61));
    }
    matcher.finish();
    return count[0];
  }
}
