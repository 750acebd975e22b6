package io.palisade.detector.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bulk {@code advance} skips runs and reads names in loops of their own; it must land in the
 * same state as the tokenizer's one-character step everywhere, however the page is cut into writes.
 */
class HtmlContextTest {
  private static final String[] PAGES = {
    "<p class=\"a\" onclick='f(\"x\")'>Bücher – 書 <b>bold</b> a < b > c &amp; d</p>",
    "<input value=\"x\"><img src=x ONERROR = \"log('q')\" one=\"1\" on=\"2\"/><br/>",
    "<!-- a - b -- c --- d --><!--><!---x--><!x y><?php echo 1 ?><!doctype html>",
    "<script>var s = '</scrip' + \"<\\/script>\"; if (a<b) {}</SCRIPT ><p>after</p>",
    "<style>p > a { color: red }</style  ><textarea rows=2><b>not a tag</b></textareax></TextArea>",
    "<title>T\u0130TLE <i>x</i></title><t\u0130tle>raw?</t\u0130tle><scr\u0130pt>x</script>",
    "<a\u2003href=x\u00a0onmouseover=y\u001cz>k</a><x\tonfocus\n=\r'v'>< p><<a>",
    "<div title=\"unterminated ' quote>\n<p>still in the value\"> now text</div><a href=x/y>z</a/>",
  };

  @Test
  void asciiFastPathsAgreeWithCharacter() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      assertThat(HtmlContext.lowerCase((char) c)).isEqualTo(Character.toLowerCase((char) c));
      assertThat(HtmlContext.isWhitespace((char) c)).isEqualTo(Character.isWhitespace((char) c));
    }
  }

  @Test
  void bulkAdvanceOverCharactersLandsWhereOneCharacterAtATimeDoes() {
    for (String page : PAGES) {
      List<String> expected = stepByStep(page);
      char[] text = page.toCharArray();
      for (int cut = 0; cut <= text.length; cut++) {
        HtmlContext bulk = new HtmlContext();
        bulk.advance(text, 0, cut);
        assertThat(state(bulk)).as("%s cut at %d", page, cut).isEqualTo(expected.get(cut));
        HtmlContext oneByOne = copyOf(text, cut);
        bulk.advance(text, cut, text.length);
        assertThat(state(bulk)).as("%s after the cut at %d", page, cut).isEqualTo(expected.get(text.length));
        for (int i = cut; i < text.length; i++) {
          oneByOne.advance(text, i, i + 1);
          assertThat(state(oneByOne)).as("%s one by one from %d, at %d", page, cut, i + 1).isEqualTo(expected.get(i + 1));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 1000})
  void bulkAdvanceOverBytesLandsWhereTheCharactersDo(int write) {
    for (String page : PAGES) {
      byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
      List<String> expected = stepByStep(new String(bytes, StandardCharsets.ISO_8859_1));
      HtmlContext bulk = new HtmlContext();
      for (int from = 0; from < bytes.length; from += write) {
        int to = Math.min(bytes.length, from + write);
        bulk.advance(bytes, from, to);
        assertThat(state(bulk)).as("%s up to byte %d", page, to).isEqualTo(expected.get(to));
      }
    }
  }

  @Test
  void runsEndWhereTheirStateChanges() {
    HtmlContext context = new HtmlContext();
    String page = "<p title=\"a b\">text<!-- c -->x<script>s</script><textarea>t</textarea>";
    char[] text = page.toCharArray();
    String[] where = new String[text.length + 1];
    for (int i = 0; i <= text.length; i++) {
      HtmlContext at = new HtmlContext();
      at.advance(text, 0, i);
      where[i] = at.where().name();
    }
    assertThat(where[page.indexOf("a b")]).isEqualTo("DOUBLE_QUOTED_ATTRIBUTE");
    assertThat(where[page.indexOf("\">text") + 1]).isEqualTo("TAG"); // right after the closing quote
    assertThat(where[page.indexOf("text")]).isEqualTo("TEXT");
    assertThat(where[page.indexOf(" c ")]).isEqualTo("COMMENT");
    assertThat(where[page.indexOf("-->x") + 3]).isEqualTo("TEXT"); // right after the comment
    assertThat(where[page.indexOf("s</script")]).isEqualTo("SCRIPT");
    assertThat(where[page.indexOf("t</textarea")]).isEqualTo("RCDATA");
    context.advance(text, 0, text.length);
    assertThat(context.where()).isEqualTo(HtmlContext.Where.TEXT);
  }

  private static HtmlContext copyOf(char[] text, int prefix) {
    HtmlContext context = new HtmlContext();
    context.advance(text, 0, prefix);
    return context;
  }

  /** The state after each prefix of {@code page}, following it one character at a time. */
  private static List<String> stepByStep(String page) {
    List<String> states = new ArrayList<>();
    HtmlContext context = new HtmlContext();
    states.add(state(context));
    for (int i = 0; i < page.length(); i++) {
      context.advance(page.charAt(i));
      states.add(state(context));
    }
    return states;
  }

  private static String state(HtmlContext context) {
    return context.where() + " " + context.rawTextEnd();
  }
}
