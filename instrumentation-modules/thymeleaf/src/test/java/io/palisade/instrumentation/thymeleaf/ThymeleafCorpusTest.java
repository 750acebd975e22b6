package io.palisade.instrumentation.thymeleaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.detector.xss.ReflectionMatcher;
import io.palisade.detector.xss.TemplateSyntax;
import io.palisade.detector.xss.XssDetector;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.engine.template.TemplateInjectionCheck;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * Detection and false-positive figures for Thymeleaf pages, with the shared corpus
 * ({@code /work/shared/corpus}): the PayloadsAllTheThings XSS lists reflected by a real Thymeleaf page
 * ({@code th:utext}: must be found; {@code th:text}: the escaped echo must not be), the SSTI list in
 * the three places a request value reaches Thymeleaf's template resolution (the template source, a
 * view name, a fragment selector) through the real instrumentation, and the Big List of Naughty
 * Strings as benign values in all of them. Prints the figures; asserts floors and ceilings.
 */
class ThymeleafCorpusTest {
  private static final Path CORPUS = Paths.get(System.getProperty("palisade.corpus", "/work/shared/corpus"));
  private static final String REVIEW = "<div class=\"comment\" th:%s=\"${comment}\">comment</div>";

  private static final TemplateChecks hooks = new TemplateChecks();
  private static TemplateEngine engine;

  @BeforeAll
  static void install() {
    Bridge.install(hooks);
    new AgentInstaller().install(ByteBuddyAgent.install(), true);
    engine = new TemplateEngine();
    StringTemplateResolver resolver = new StringTemplateResolver();
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCacheable(false);
    engine.setTemplateResolver(resolver);
  }

  @AfterAll
  static void uninstall() {
    Bridge.install(null);
  }

  @Test
  void xssPayloadsReflectedByThUtextAreFoundAndTheirThTextEchoesAreNot() throws IOException {
    List<String> payloads = xssCorpus();
    XssDetector detector = new XssDetector();
    int active = 0;
    int found = 0;
    int escapedFound = 0;
    List<String> missed = new ArrayList<>();
    for (String payload : payloads) {
      if (detector.activeValues(List.of(payload)).isEmpty()) {
        continue; // no HTML-active content: never a finding, wherever it lands
      }
      active++;
      if (findings(detector, render("utext", payload), payload) > 0) {
        found++;
      } else {
        missed.add(payload);
      }
      escapedFound += findings(detector, render("text", payload), payload);
    }
    List<String> benign = naughtyStrings();
    List<String> flagged = new ArrayList<>();
    for (String line : benign) {
      if (findings(detector, render("utext", line), line) > 0) {
        flagged.add(line);
      }
    }
    System.out.printf("Thymeleaf th:utext page, XSS corpus: %d distinct payloads, %d with HTML-active content, %d found "
            + "(%.1f%%); th:text echoes flagged: %d; BLNS benign: %d flagged / %d: %s%nmissed: %s%n",
        payloads.size(), active, found, 100.0 * found / active, escapedFound, flagged.size(), benign.size(), flagged,
        missed);
    assertThat(escapedFound).as("findings on th:text (escaped) echoes").isZero();
    // One page shape only (element text): the corpus's attribute breakouts ("onmouseover=...) are inert
    // there and rightly not found; the detector's own corpus test covers the other contexts.
    assertThat(100.0 * found / active).isGreaterThan(97.0);
    assertThat(flagged.size()).as("BLNS lines flagged on a th:utext page: %s", flagged).isLessThanOrEqualTo(4);
  }

  @Test
  void sstiPayloadsAreBlockedBeforeThymeleafParsesThemAndNaughtyStringsPass() throws IOException {
    Path fuzz = CORPUS.resolve("payloadsallthethings/server-side-template-injection/ssti.fuzz");
    Assumptions.assumeTrue(Files.isRegularFile(fuzz), "corpus not present");
    List<String> payloads = new ArrayList<>(new LinkedHashSet<>(nonBlank(Files.readAllLines(fuzz, StandardCharsets.UTF_8))));
    int[] blocked = new int[3];
    int thymeleafSyntax = 0;
    for (String payload : payloads) {
      thymeleafSyntax += thymeleafSyntax(payload) ? 1 : 0;
      boolean[] b = throughTheThreeSinks(payload);
      for (int i = 0; i < 3; i++) {
        blocked[i] += b[i] ? 1 : 0;
      }
      // The same value only as a variable of a fixed template is data, not template: never blocked.
      assertThat(blockedWhenRendering(String.format(REVIEW, "text"), payload)).as("%s as a th:text variable", payload).isFalse();
    }
    List<String> benign = naughtyStrings();
    int[] flagged = new int[3];
    List<String> flaggedLines = new ArrayList<>();
    for (String line : benign) {
      boolean[] b = throughTheThreeSinks(line);
      for (int i = 0; i < 3; i++) {
        flagged[i] += b[i] ? 1 : 0;
      }
      if (b[0] || b[1] || b[2]) {
        flaggedLines.add(line);
      }
    }
    System.out.printf("Thymeleaf SSTI corpus: %d distinct payloads (%d in Thymeleaf/Spring EL syntax); blocked before "
            + "parsing: template source %d, view name %d, fragment selector %d; BLNS benign (%d): flagged %d / %d / %d: %s%n",
        payloads.size(), thymeleafSyntax, blocked[0], blocked[1], blocked[2], benign.size(), flagged[0], flagged[1],
        flagged[2], flaggedLines);
    assertThat(blocked[0]).as("payloads blocked as template source").isGreaterThanOrEqualTo(thymeleafSyntax);
    assertThat(blocked[1]).isEqualTo(blocked[0]);
    assertThat(blocked[2]).isEqualTo(blocked[0]);
    assertThat(flaggedLines).as("benign strings flagged").isEmpty();
  }

  /** Blocked as the template source, in a view name, in a fragment selector. */
  private static boolean[] throughTheThreeSinks(String value) {
    return new boolean[] {
      blockedWhenRendering("<p>Hello " + value + "</p>", value),
      blockedWhenProcessing(new TemplateSpec("thymeleaf/" + value + "/welcome", Set.of(), TemplateMode.HTML, null), value),
      blockedWhenProcessing(new TemplateSpec("<p th:fragment=\"header\">h</p>", Set.of(value), TemplateMode.HTML, null), value)
    };
  }

  private static boolean blockedWhenRendering(String template, String value) {
    return blockedWhenProcessing(new TemplateSpec(template, TemplateMode.HTML), value);
  }

  /** Processes the spec with {@code value} as the request's only value; true when the hook blocked it. */
  private static boolean blockedWhenProcessing(TemplateSpec spec, String value) {
    hooks.requestValues = List.of(value);
    Context context = new Context();
    context.setVariable("comment", value);
    try {
      engine.process(spec, context, new StringWriter());
      return false;
    } catch (PalisadeBlockedException blocked) {
      return true;
    } catch (RuntimeException thymeleafRefused) {
      return false; // not blocked; Thymeleaf failed on it (a parse error, an unknown fragment)
    } finally {
      hooks.requestValues = List.of();
    }
  }

  private static String render(String attribute, String comment) {
    hooks.requestValues = List.of();
    Context context = new Context();
    context.setVariable("comment", comment);
    return "<html><body>" + engine.process(String.format(REVIEW, attribute), context) + "</body></html>";
  }

  private static int findings(XssDetector detector, String page, String value) {
    int[] count = {0};
    ReflectionMatcher matcher = new ReflectionMatcher(detector.activeValues(List.of(value)),
        (active, where, reason, excerpt) -> {
          count[0]++;
          return ReflectionMatcher.Action.KEEP;
        },
        (text, from, to) -> {});
    matcher.write(page, 0, page.length());
    matcher.finish();
    return count[0];
  }

  /** Thymeleaf / Spring EL expression syntax; the rest of the list is other engines' (Jinja, ERB, Smarty...). */
  private static boolean thymeleafSyntax(String value) {
    for (String construct : new String[] {"${", "*{", "#{", "@{", "~{", "[[", "[("}) {
      if (value.contains(construct)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> xssCorpus() throws IOException {
    Path lists = CORPUS.resolve("payloadsallthethings/xss-injection");
    Assumptions.assumeTrue(Files.isDirectory(lists), "corpus not present");
    Set<String> payloads = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(lists)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        String name = file.getFileName().toString();
        if (name.equals("jsonp_endpoint.txt") || name.endsWith("swf_fuzz.txt")) {
          continue; // callbacks and Flash URLs: not HTML reflections (as the detector's own corpus test)
        }
        payloads.addAll(nonBlank(Files.readAllLines(file, StandardCharsets.ISO_8859_1)));
      }
    }
    return new ArrayList<>(payloads);
  }

  /** The Big List of Naughty Strings up to its script-injection section (its benign part, as the XSS detector's test). */
  private static List<String> naughtyStrings() throws IOException {
    Path blns = CORPUS.resolve("blns/blns.txt");
    Assumptions.assumeTrue(Files.isRegularFile(blns), "corpus not present");
    List<String> lines = Files.readAllLines(blns, StandardCharsets.UTF_8);
    List<String> benign = new ArrayList<>();
    for (String line : lines.subList(0, Math.min(340, lines.size()))) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        benign.add(line);
      }
    }
    return benign;
  }

  private static List<String> nonBlank(List<String> lines) {
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        kept.add(line);
      }
    }
    return kept;
  }

  /** The engine's template decision, without a servlet request: the request's values are set by the test. */
  static final class TemplateChecks extends EngineHooks {
    volatile List<String> requestValues = List.of();

    @Override
    public void checkTemplate(String engineName, Object template) {
      if (TemplateSyntax.injectedValue(TemplateInjectionCheck.describe(template), requestValues) >= 0) {
        throw new PalisadeBlockedException("test", "template_injection");
      }
    }

    @Override
    public Object requestEnter(Object request, Object response) {
      return null;
    }

    @Override
    public Throwable requestExit(Object scope, Throwable thrown) {
      return thrown;
    }

    @Override
    public void requestParametersParsed(Object request) {}

    @Override
    public void checkSql(Object jdbcObject, String sql, String method) {}

    @Override
    public void reportFailure(String where, Throwable failure) {
      throw new AssertionError("Palisade failure in " + where, failure);
    }
  }
}
