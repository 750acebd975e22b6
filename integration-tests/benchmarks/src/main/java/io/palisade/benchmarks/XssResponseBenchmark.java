package io.palisade.benchmarks;

import io.palisade.detector.xss.ActiveValue;
import io.palisade.detector.xss.ReflectionMatcher;
import io.palisade.detector.xss.XssDetector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The XSS response check on a 64 KiB HTML page written in 1 KiB chunks: {@code baseline} copies the
 * chunks to the output as a writer without the agent would; {@code checked} passes them through the
 * {@link ReflectionMatcher} with two active request values, which never occur ({@code NONE}) or occur
 * once, escaped by the sanitize action ({@code SANITIZED}). The ratio checked/baseline is the added cost
 * per rendered kilobyte.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class XssResponseBenchmark {
  public enum Occurrence { NONE, SANITIZED }

  @Param({"NONE", "SANITIZED"})
  public Occurrence occurrence;

  private String[] chunks;
  private List<ActiveValue> active;
  private StringBuilder sink;

  @Setup(Level.Trial)
  public void setUp() {
    String payload = "<img src=x onerror=alert(1)>";
    StringBuilder page = new StringBuilder("<!DOCTYPE html><html><head><title>Catalogue</title></head><body><table>\n");
    int row = 0;
    while (page.length() < 64 * 1024) {
      page.append("<tr class=\"row\"><td><a href=\"/books/").append(row).append("\">Book number ").append(row)
          .append("</a></td><td>in stock &amp; shipping</td></tr>\n");
      if (row == 700 && occurrence == Occurrence.SANITIZED) {
        page.append("<p>").append(payload).append("</p>");
      }
      row++;
    }
    page.append("</table></body></html>");
    int count = (page.length() + 1023) / 1024;
    chunks = new String[count];
    for (int i = 0; i < count; i++) {
      chunks[i] = page.substring(i * 1024, Math.min(page.length(), (i + 1) * 1024));
    }
    active = new XssDetector().activeValues(List.of("books", payload, "\" onfocus=\"alert(1)", "Mozilla/5.0 (X11; Linux x86_64)"));
    sink = new StringBuilder(80 * 1024);
  }

  @Benchmark
  public int baseline() {
    sink.setLength(0);
    for (String chunk : chunks) {
      sink.append(chunk, 0, chunk.length());
    }
    return sink.length();
  }

  @Benchmark
  public int checked() {
    sink.setLength(0);
    ReflectionMatcher matcher =
        new ReflectionMatcher(active, (value, where, reason, excerpt) -> ReflectionMatcher.Action.ESCAPE,
            (text, from, to) -> sink.append(text, from, to));
    for (String chunk : chunks) {
      matcher.write(chunk, 0, chunk.length());
    }
    matcher.finish();
    return sink.length();
  }
}
