package io.palisade.detector.xss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReflectionMatcherTest {
  private final XssDetector detector = new XssDetector();

  /** Renders {@code page} through a matcher in chunks of {@code chunk} characters. */
  private Result render(String page, int chunk, ReflectionMatcher.Action action, String... requestValues) {
    Result result = new Result();
    List<ActiveValue> active = detector.activeValues(Arrays.asList(requestValues));
    ReflectionMatcher matcher =
        new ReflectionMatcher(
            active,
            (value, where, reason, excerpt) -> {
              result.findings.add(value.text() + " @" + where);
              return action;
            },
            (text, offset, length) -> {
              result.output.append(text, offset, length);
              result.maxHeld = Math.max(result.maxHeld, 0);
            });
    for (int i = 0; i < page.length(); i += chunk) {
      matcher.write(page, i, Math.min(page.length(), i + chunk));
      result.maxHeld = Math.max(result.maxHeld, matcher.pendingLength());
    }
    matcher.finish();
    return result;
  }

  static final class Result {
    final StringBuilder output = new StringBuilder();
    final List<String> findings = new ArrayList<>();
    int maxHeld;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 100000})
  void findsAReflectedTagWhateverTheChunking(int chunk) {
    String payload = "<script>alert(1)</script>";
    String page = "<html><body><p>You searched for " + payload + "</p></body></html>";
    Result result = render(page, chunk, ReflectionMatcher.Action.KEEP, payload, "harmless");
    assertThat(result.findings).containsExactly(payload + " @TEXT");
    assertThat(result.output.toString()).isEqualTo(page);
    assertThat(result.maxHeld).isLessThanOrEqualTo(payload.length() - 1 + chunk);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 1000})
  void sanitizeEscapesEveryOccurrenceAndNothingElse(int chunk) {
    String payload = "<img src=x onerror=alert(1)>";
    String page = "<p>" + payload + "</p><div title=\"x\">" + payload + "</div>";
    Result result = render(page, chunk, ReflectionMatcher.Action.ESCAPE, payload);
    String escaped = "&lt;img src=x onerror=alert(1)&gt;";
    assertThat(result.output.toString()).isEqualTo("<p>" + escaped + "</p><div title=\"x\">" + escaped + "</div>");
    assertThat(result.findings).hasSize(2);
  }

  @Test
  void anEscapedEchoIsBenign() {
    String payload = "<script>alert(1)</script>";
    String page = "<p>You searched for " + HtmlEscaping.escape(payload) + "</p>";
    assertThat(render(page, 4, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aQuoteBreakoutCountsInsideTheAttributeItCloses() {
    String payload = "\" onmouseover=\"alert(1)";
    assertThat(render("<input value=\"" + payload + "\">", 3, ReflectionMatcher.Action.KEEP, payload).findings)
        .containsExactly(payload + " @DOUBLE_QUOTED_ATTRIBUTE");
    // The same characters in text, or inside a single-quoted value, close nothing.
    assertThat(render("<p>" + payload + "</p>", 3, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
    assertThat(render("<input value='" + payload + "'>", 3, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aTagInsideAQuotedAttributeIsInert() {
    String payload = "<b>bold</b>";
    assertThat(render("<input value=\"" + payload + "\">", 2, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
    assertThat(render("<p>" + payload + "</p>", 2, ReflectionMatcher.Action.KEEP, payload).findings).hasSize(1);
  }

  @Test
  void anEventHandlerInAnUnquotedAttributeIsActive() {
    String payload = "x onfocus=alert(1) autofocus";
    assertThat(render("<input value=" + payload + ">", 2, ReflectionMatcher.Action.KEEP, payload).findings)
        .containsExactly(payload + " @TAG");
    assertThat(render("<p>" + payload + "</p>", 2, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aScriptUrlInAnHrefIsActive() {
    String payload = "javascript:alert(document.cookie)";
    assertThat(render("<a href=\"" + payload + "\">home</a>", 5, ReflectionMatcher.Action.KEEP, payload).findings).hasSize(1);
    assertThat(render("<p>" + payload + "</p>", 5, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aStringBreakoutInsideAScriptIsActive() {
    String payload = "';alert(1)//";
    String page = "<script>var q = '" + payload + "';</script><p>" + payload + "</p>";
    assertThat(render(page, 3, ReflectionMatcher.Action.KEEP, payload).findings).containsExactly(payload + " @SCRIPT");
  }

  @Test
  void aTagInsideACommentIsInertUnlessItClosesTheComment() {
    String inert = "<b>note</b>";
    assertThat(render("<!-- " + inert + " -->", 2, ReflectionMatcher.Action.KEEP, inert).findings).isEmpty();
    String breakout = "--><script>alert(1)</script>";
    assertThat(render("<!-- " + breakout + " -->", 2, ReflectionMatcher.Action.KEEP, breakout).findings).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"textarea", "title", "TEXTAREA", "Title"})
  void insideTextareaAndTitleOnlyTheirOwnEndTagGetsOut(String element) {
    String open = "<" + element + " class=\"x\">";
    String close = "</" + element + ">";
    // Tags, handlers and quotes are text there: a textarea or title shows them, runs nothing.
    for (String inert : List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
        "</textareax><script>alert(1)</script>", "</" + (element.equalsIgnoreCase("title") ? "textarea" : "title") + "><script>alert(1)</script>")) {
      assertThat(render("<p>" + open + inert + close + "</p>", 3, ReflectionMatcher.Action.KEEP, inert).findings)
          .as("%s inside <%s>", inert, element).isEmpty();
    }
    // Its own end tag, in any case, followed by markup, gets out.
    for (String breakout : List.of("</" + element + "><script>alert(1)</script>", "</" + element.toUpperCase() + " ><img src=x onerror=alert(1)>",
        "x</" + element.toLowerCase() + "/><svg onload=alert(1)>")) {
      assertThat(render(open + breakout + close, 2, ReflectionMatcher.Action.KEEP, breakout).findings)
          .as("%s inside <%s>", breakout, element).containsExactly(breakout + " @RCDATA");
    }
    // After the element, the page's text is text again.
    String payload = "<script>alert(1)</script>";
    assertThat(render(open + "q" + close + "<p>" + payload, 4, ReflectionMatcher.Action.KEEP, payload).findings)
        .containsExactly(payload + " @TEXT");
  }

  @Test
  void anEndTagAloneInsideTextareaAddsNothing() {
    // A bare end tag is no active value at all: closing the textarea early shows the rest as text.
    assertThat(HtmlActiveContent.of("</textarea>")).isZero();
    assertThat(render("<textarea></textarea></textarea>", 3, ReflectionMatcher.Action.KEEP, "</textarea>").findings).isEmpty();
  }

  @Test
  void aStringBreakoutInsideAnEventHandlerIsActive() {
    for (String page : List.of("<button onclick=\"search('%s')\">go</button>", "<a href=# onmouseover='show(\"%s\")'>x</a>",
        "<img src=x ONERROR = \"log('%s')\">", "<div title=\"t\" onfocus=\"f('%s')\" tabindex=1>")) {
      for (String payload : List.of("');alert(document.cookie);//", "\");alert(1);//", "x'+alert(1)+'")) {
        List<String> findings = render(String.format(page, payload), 3, ReflectionMatcher.Action.KEEP, payload).findings;
        boolean closesTheString = payload.contains("'") && page.contains("('%s')") || payload.contains("\"") && page.contains("(\"%s\")")
            || payload.contains("\"") && page.contains("=\"") || payload.contains("'") && page.contains("='");
        if (closesTheString) {
          assertThat(findings).as("%s in %s", payload, page).containsExactly(payload + " @EVENT_HANDLER_VALUE");
        }
      }
    }
    // The same payload in an ordinary double-quoted attribute closes nothing: a title is no script.
    String payload = "');alert(document.cookie);//";
    assertThat(render("<div title=\"" + payload + "\" data-onclick=\"" + payload + "\">", 3,
        ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void insideAnEventHandlerTagsAndPlainTextAreInert() {
    // Benign look-alikes: what a handler's string may hold without ending it.
    for (String value : List.of("<b onclick=x>", "<script>alert(1)</script>", "O'Brien", "a < b", "javascript:void(0)")) {
      String page = "<button onclick=\"search('" + value.replace("'", "\\'") + "')\">go</button>";
      assertThat(render(page, 3, ReflectionMatcher.Action.KEEP, value).findings).as(page).isEmpty();
    }
    // "on" alone, or "one=", is no handler: the value there is an ordinary attribute's.
    String payload = "');alert(1);//";
    assertThat(render("<x on=\"f('" + payload + "')\" one=\"f('" + payload + "')\">", 3, ReflectionMatcher.Action.KEEP, payload).findings)
        .isEmpty();
  }

  @Test
  void matchesBytesAsTheyAreForAByteStream() {
    // A stream's matcher sees the page's UTF-8 bytes as ISO-8859-1 characters, and the value likewise.
    String payload = "<img src=x onerror=alert('Grüße € 書')>";
    String page = "<p>Résultats pour " + payload + " – fin</p>";
    String bytes = new String(page.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    String valueBytes = new String(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    List<ActiveValue> active = List.of(new ActiveValue(0, valueBytes, HtmlActiveContent.of(payload)));
    StringBuilder out = new StringBuilder();
    List<String> where = new ArrayList<>();
    ReflectionMatcher matcher = new ReflectionMatcher(active, (value, w, reason, excerpt) -> {
      where.add(w.name());
      return ReflectionMatcher.Action.ESCAPE;
    }, (text, offset, length) -> out.append(text, offset, length));
    for (int i = 0; i < bytes.length(); i += 2) {
      matcher.write(bytes, i, Math.min(bytes.length(), i + 2));
    }
    matcher.finish();
    assertThat(where).containsExactly("TEXT");
    String expected = page.replace(payload, HtmlEscaping.escape(payload));
    assertThat(out.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a < b", "<3", "x <= 10 && y >= 2", "O'Brien", "**bold** and _it_ [link](http://x)",
      "5 > 3", "don't > worry", "one=1", "\"quoted\" text", "mailto:someone@example.com", "data:image/png;base64,AAAA"})
  void inertValuesAreNeverFindingsEvenReflectedRaw(String value) {
    String page = "<p>" + value + "</p><input value=\"" + value + "\"><script>var v = '" + value + "';</script>";
    assertThat(HtmlActiveContent.of(value)).isZero();
    assertThat(render(page, 3, ReflectionMatcher.Action.KEEP, value).findings).isEmpty();
  }

  @Test
  void blockingThrowsBeforeTheOccurrenceIsReleased() {
    String payload = "<svg onload=alert(1)>";
    StringBuilder output = new StringBuilder();
    ReflectionMatcher matcher =
        new ReflectionMatcher(
            detector.activeValues(List.of(payload)),
            (value, where, reason, excerpt) -> {
              throw new IllegalStateException("blocked");
            },
            (text, offset, length) -> output.append(text, offset, length));
    matcher.write("<p>hello ", 0, 9);
    assertThatThrownBy(() -> matcher.write(payload + "</p>", 0, payload.length() + 4)).hasMessage("blocked");
    assertThat(output.toString()).doesNotContain("<svg");
  }

  @Test
  void holdsBackNoMoreThanTheLongestValueLessOne() {
    String payload = "<script>alert(1)</script>";
    StringBuilder page = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      page.append("<tr><td>row ").append(i).append("</td></tr>\n");
    }
    Result result = render(page.toString(), 512, ReflectionMatcher.Action.KEEP, payload);
    assertThat(result.output.toString()).isEqualTo(page.toString());
    assertThat(result.maxHeld).isEqualTo(payload.length() - 1);
  }

  /** Renders {@code page} as UTF-8 bytes through a byte matcher, in writes of {@code chunk} bytes. */
  private ByteResult renderBytes(String page, int chunk, ReflectionMatcher.Action action, String... requestValues) {
    ByteResult result = new ByteResult();
    List<ActiveValue> active = new ArrayList<>();
    for (ActiveValue value : detector.activeValues(Arrays.asList(requestValues))) {
      String bytes = new String(value.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      active.add(new ActiveValue(value.index(), bytes, value.flags()));
    }
    ReflectionMatcher matcher =
        ReflectionMatcher.overBytes(
            active,
            (value, where, reason, excerpt) -> {
              result.findings.add(new String(value.text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) + " @" + where);
              return action;
            },
            (bytes, offset, length) -> result.output.write(bytes, offset, length));
    byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      matcher.write(bytes, i, Math.min(bytes.length, i + chunk) - i);
    }
    matcher.finish();
    return result;
  }

  static final class ByteResult {
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final List<String> findings = new ArrayList<>();

    String page() {
      return new String(output.toByteArray(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aValueSplitAcrossTwoWritesIsFoundWhereverTheSplitFalls() {
    String payload = "<svg/onload=alert('é')>";
    String page = "<div>intro text that runs on</div><p>" + payload + "</p><!-- tail -->";
    String escaped = page.replace(payload, HtmlEscaping.escape(payload));
    for (int split = 1; split < page.length(); split++) {
      List<String> findings = new ArrayList<>();
      StringBuilder out = new StringBuilder();
      ReflectionMatcher matcher = new ReflectionMatcher(detector.activeValues(List.of(payload)), (value, where, reason, excerpt) -> {
        findings.add(where + (excerpt.toString().contains(payload) ? " with the value in its excerpt" : " " + excerpt));
        return ReflectionMatcher.Action.ESCAPE;
      }, (text, offset, length) -> out.append(text, offset, length));
      char[] chars = page.toCharArray();
      matcher.write(chars, 0, split);
      matcher.write(chars, split, chars.length - split);
      matcher.finish();
      assertThat(findings).as("split at %d", split).containsExactly("TEXT with the value in its excerpt");
      assertThat(out.toString()).isEqualTo(escaped);
    }
  }

  @Test
  void aValueRightWhereASkippedRunEndsIsJudgedInTheStateThatFollows() {
    String payload = "\" autofocus onfocus=\"alert(1)";
    // Right after an attribute value's closing quote: inside the tag, where the quote breaks out of nothing
    // but the handler it adds is active all the same.
    assertThat(render("<input value=\"a\"" + payload + ">", 3, ReflectionMatcher.Action.KEEP, payload).findings)
        .containsExactly(payload + " @TAG");
    // Right after a comment, an end tag and a script: text, where a quote is inert.
    for (String before : List.of("<!-- c -->", "</div>", "<script>x</script>", "<textarea>t</textarea>")) {
      for (int chunk : new int[] {1, 4, before.length(), 1000}) {
        assertThat(render(before + payload, chunk, ReflectionMatcher.Action.KEEP, payload).findings).as("%s, writes of %d", before, chunk).isEmpty();
        String tag = "<img src=x onerror=alert(1)>";
        assertThat(render(before + tag, chunk, ReflectionMatcher.Action.KEEP, tag).findings).as("%s, writes of %d", before, chunk)
            .containsExactly(tag + " @TEXT");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7, 64})
  void aStreamMatcherFindsMultiByteValuesWhateverTheByteWrites(int chunk) {
    String payload = "<img src=x onerror=alert('Grüße € 書 😀')>";
    String page = "<p>Résultats – 書 😀 pour " + payload + " fin</p><input value=\"" + payload + "\">";
    ByteResult result = renderBytes(page, chunk, ReflectionMatcher.Action.ESCAPE, payload);
    assertThat(result.findings).containsExactly(payload + " @TEXT");
    assertThat(result.output.toByteArray())
        .isEqualTo(page.replaceFirst(java.util.regex.Pattern.quote(payload), HtmlEscaping.escape(payload)).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aStreamMatcherJudgesEachContextAsTheWriterMatcherDoes() {
    String payload = "</title><script>alert('ü')</script>";
    String[] pages = {
      "<title>" + payload + "</title>", // RCDATA: its own end tag gets out
      "<textarea>" + payload + "</textarea>", // RCDATA of another element: inert
      "<a title=\"" + payload + "\">x</a>", // double-quoted attribute: inert
      "<script>var q = \"" + payload + "\";</script>", // script: the end tag gets out
      "<!-- " + payload + " -->", // comment: inert
    };
    for (String page : pages) {
      for (int chunk : new int[] {1, 3, 1000}) {
        List<String> expected = render(page, chunk, ReflectionMatcher.Action.KEEP, payload).findings;
        assertThat(renderBytes(page, chunk, ReflectionMatcher.Action.KEEP, payload).findings).as("%s, writes of %d", page, chunk)
            .isEqualTo(expected);
      }
    }
    assertThat(render(pages[0], 3, ReflectionMatcher.Action.KEEP, payload).findings).containsExactly(payload + " @RCDATA");
    assertThat(render(pages[1], 3, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
    assertThat(render(pages[2], 3, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
    assertThat(render(pages[3], 3, ReflectionMatcher.Action.KEEP, payload).findings).containsExactly(payload + " @SCRIPT");
    assertThat(render(pages[4], 3, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void writesLargerThanTheBufferArrivePassedAndChecked() {
    String payload = "<b onmouseover=alert(1)>";
    StringBuilder page = new StringBuilder();
    while (page.length() < 300_000) {
      page.append("<tr><td class=\"c\">row – ").append(page.length()).append("</td></tr>\n");
    }
    page.append(payload).append("</body>");
    String escaped = page.toString().replace(payload, HtmlEscaping.escape(payload));
    StringBuilder out = new StringBuilder();
    List<String> findings = new ArrayList<>();
    ReflectionMatcher matcher = new ReflectionMatcher(detector.activeValues(List.of(payload)), (value, where, reason, excerpt) -> {
      findings.add(where.name());
      return ReflectionMatcher.Action.ESCAPE;
    }, (text, offset, length) -> out.append(text, offset, length));
    char[] chars = page.toString().toCharArray();
    matcher.write(chars, 0, 10);
    matcher.write(chars, 10, chars.length - 10);
    matcher.finish();
    assertThat(findings).containsExactly("TEXT");
    assertThat(out.toString()).isEqualTo(escaped);

    ByteResult bytes = renderBytes(page.toString(), 1 << 20, ReflectionMatcher.Action.ESCAPE, payload);
    assertThat(bytes.findings).containsExactly(payload + " @TEXT");
    assertThat(bytes.page()).isEqualTo(escaped);
  }

  @Test
  void onAStreamTooAValueThatStartsEarlierButCompletesLaterIsJudgedWhereItStarts() {
    String breakout = "\"><b>bold</b> and more";
    String tag = "<b>bold</b>";
    byte[] page = ("<input value=\"" + breakout + "\">").getBytes(StandardCharsets.ISO_8859_1);
    int split = ("<input value=\"\">" + tag).length();
    List<String> findings = new ArrayList<>();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ReflectionMatcher matcher = ReflectionMatcher.overBytes(detector.activeValues(List.of(breakout, tag)),
        (value, where, reason, excerpt) -> {
          findings.add(value.text() + " @" + where);
          return ReflectionMatcher.Action.KEEP;
        },
        output::write);
    matcher.write(page, 0, split);
    matcher.write(page, split, page.length - split);
    matcher.finish();

    assertThat(findings).containsExactly(breakout + " @DOUBLE_QUOTED_ATTRIBUTE", tag + " @TEXT");
    assertThat(output.toByteArray()).isEqualTo(page);
  }

  @Test
  void aValueThatStartsEarlierButCompletesInALaterWriteIsJudgedWhereItStarts() {
    // Two request values, the second inside the first. The first write completes only the second;
    // the first starts earlier, inside the attribute it breaks out of, and completes with the next
    // write. It must be judged there, not in the text the second value's check moved on to.
    String breakout = "\"><b>bold</b> and more";
    String tag = "<b>bold</b>";
    String page = "<input value=\"" + breakout + "\">";
    int split = page.indexOf(tag) + tag.length();
    for (ReflectionMatcher.Action action : ReflectionMatcher.Action.values()) {
      List<String> findings = new ArrayList<>();
      StringBuilder output = new StringBuilder();
      ReflectionMatcher matcher = new ReflectionMatcher(detector.activeValues(List.of(breakout, tag)),
          (value, where, reason, excerpt) -> {
            findings.add(value.text() + " @" + where);
            return action;
          },
          (text, offset, length) -> output.append(text, offset, length));
      matcher.write(page, 0, split);
      matcher.write(page, split, page.length());
      matcher.finish();

      assertThat(findings).as(action.name()).startsWith(breakout + " @DOUBLE_QUOTED_ATTRIBUTE");
      if (action == ReflectionMatcher.Action.KEEP) {
        assertThat(findings).containsExactly(breakout + " @DOUBLE_QUOTED_ATTRIBUTE", tag + " @TEXT");
        assertThat(output.toString()).isEqualTo(page);
      } else {
        assertThat(output.toString()).isEqualTo("<input value=\"" + HtmlEscaping.escape(breakout) + "\">");
      }
    }
  }

  @Test
  void noActiveValueMeansNoMatcherWork() {
    assertThat(detector.activeValues(List.of("books", "42", "a < b", "O'Brien"))).isEmpty();
  }
}
