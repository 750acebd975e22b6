package io.palisade.detector.xss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void noActiveValueMeansNoMatcherWork() {
    assertThat(detector.activeValues(List.of("books", "42", "a < b", "O'Brien"))).isEmpty();
  }
}
