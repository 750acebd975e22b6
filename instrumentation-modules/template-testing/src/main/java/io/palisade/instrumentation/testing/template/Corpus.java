package io.palisade.instrumentation.testing.template;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The shared corpus ({@code /work/shared/corpus}, or {@code -Dpalisade.corpus=...}) as the template
 * modules' figures read it. A list that is not there skips the calling test (JUnit assumption), so that
 * a checkout without the corpus still builds.
 */
public final class Corpus {
  public static final Path ROOT = Paths.get(System.getProperty("palisade.corpus", "/work/shared/corpus"));
  private static final Path XSS_LISTS = ROOT.resolve("payloadsallthethings/xss-injection");
  private static final Path SSTI = ROOT.resolve("payloadsallthethings/server-side-template-injection/ssti.fuzz");
  private static final Path BLNS = ROOT.resolve("blns/blns.txt");
  /** Where the BLNS's script-injection sections begin: the lines before it are benign text. */
  private static final int BLNS_BENIGN_LINES = 340;

  private Corpus() {}

  /** The PayloadsAllTheThings XSS payloads, distinct, in file order, without JSONP callbacks and Flash URLs. */
  public static List<String> xssPayloads() {
    Assumptions.assumeTrue(Files.isDirectory(XSS_LISTS), "corpus not present");
    Set<String> payloads = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(XSS_LISTS)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        String name = file.getFileName().toString();
        if (name.equals("jsonp_endpoint.txt") || name.endsWith("swf_fuzz.txt")) {
          continue; // callbacks and Flash URLs: not HTML reflections (as in the detector's own corpus test)
        }
        payloads.addAll(nonBlank(Files.readAllLines(file, StandardCharsets.ISO_8859_1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(payloads);
  }

  /** The SSTI list's non-blank lines, in file order, repeats included. */
  public static List<String> sstiPayloads() {
    Assumptions.assumeTrue(Files.isRegularFile(SSTI), "corpus not present");
    return nonBlank(readUtf8(SSTI));
  }

  public static boolean hasNaughtyStrings() {
    return Files.isRegularFile(BLNS);
  }

  /** Every string of the Big List of Naughty Strings (not its comments), real template payloads included. */
  public static List<String> naughtyStrings() {
    Assumptions.assumeTrue(hasNaughtyStrings(), "corpus not present");
    return strings(readUtf8(BLNS));
  }

  /** The Big List of Naughty Strings up to its script-injection sections: benign text. */
  public static List<String> benignNaughtyStrings() {
    Assumptions.assumeTrue(hasNaughtyStrings(), "corpus not present");
    List<String> lines = readUtf8(BLNS);
    return strings(lines.subList(0, Math.min(BLNS_BENIGN_LINES, lines.size())));
  }

  private static List<String> strings(List<String> blnsLines) {
    List<String> strings = new ArrayList<>();
    for (String line : blnsLines) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        strings.add(line);
      }
    }
    return strings;
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

  private static List<String> readUtf8(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
