package io.palisade.detector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

  private static java.util.List<String> lex(String sql, SqlDialect d) {
    SqlTokens t = SqlLexer.lex(sql, d);
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String s : t.describe()) {
      if (!s.startsWith("WHITESPACE:")) {
        out.add(s);
      }
    }
    return out;
  }

  @Test
  void dialectFromProductName() {
    assertThat(SqlDialect.fromProductName("H2")).isEqualTo(SqlDialect.H2);
    assertThat(SqlDialect.fromProductName("PostgreSQL")).isEqualTo(SqlDialect.POSTGRESQL);
    assertThat(SqlDialect.fromProductName("MySQL")).isEqualTo(SqlDialect.MYSQL);
    assertThat(SqlDialect.fromProductName("MariaDB")).isEqualTo(SqlDialect.MYSQL);
    assertThat(SqlDialect.fromProductName("mariadb")).isEqualTo(SqlDialect.MYSQL);
    assertThat(SqlDialect.fromProductName("Oracle")).isEqualTo(SqlDialect.ANSI);
    assertThat(SqlDialect.fromProductName(null)).isEqualTo(SqlDialect.ANSI);
  }

  @Test
  void ansiBasics() {
    assertThat(lex("SELECT a, \"b c\" FROM t WHERE x = 'it''s' AND y=-1.5e3 -- hi", SqlDialect.ANSI))
        .containsExactly("WORD:SELECT", "WORD:a", "PUNCTUATION:,", "QUOTED_IDENTIFIER:\"b c\"", "WORD:FROM",
            "WORD:t", "WORD:WHERE", "WORD:x", "OPERATOR:=", "STRING:'it''s'", "WORD:AND", "WORD:y",
            "OPERATOR:=", "OPERATOR:-", "NUMBER:1.5e3", "COMMENT:-- hi");
    assertThat(lex("a /* x */;b ? :name 0x1F", SqlDialect.ANSI)).containsExactly("WORD:a", "COMMENT:/* x */",
        "TERMINATOR:;", "WORD:b", "PARAMETER:?", "PARAMETER::name", "NUMBER:0x1F");
    assertThat(lex("x = 'abc", SqlDialect.ANSI)).containsExactly("WORD:x", "OPERATOR:=", "STRING:'abc(unterminated)");
    assertThat(lex("'a\\' c'", SqlDialect.ANSI)).containsExactly("STRING:'a\\'", "WORD:c", "STRING:'(unterminated)");
    assertThat(lex("a#b <> c 1#INF", SqlDialect.ANSI)).containsExactly("WORD:a#b", "OPERATOR:<>", "WORD:c", "WORD:1#INF");
    assertThat(lex("a#b", SqlDialect.POSTGRESQL)).containsExactly("WORD:a", "OPERATOR:#", "WORD:b");
  }

  @Test
  void mysql() {
    assertThat(lex("'a\\' b' \"x\\\"y\" `c``d` # rest", SqlDialect.MYSQL))
        .containsExactly("STRING:'a\\' b'", "STRING:\"x\\\"y\"", "QUOTED_IDENTIFIER:`c``d`", "COMMENT:# rest");
    assertThat(lex("1--1", SqlDialect.MYSQL)).containsExactly("NUMBER:1", "OPERATOR:-", "OPERATOR:-", "NUMBER:1");
    assertThat(lex("1-- x", SqlDialect.MYSQL)).containsExactly("NUMBER:1", "COMMENT:-- x");
    assertThat(lex("1--", SqlDialect.MYSQL)).containsExactly("NUMBER:1", "COMMENT:--");
    assertThat(lex("/*!50000 UNION*/ X'4F' b'01' @@version", SqlDialect.MYSQL))
        .containsExactly("COMMENT:/*!50000 UNION*/", "NUMBER:X'4F'", "NUMBER:b'01'", "WORD:@@version");
    SqlTokens t = SqlLexer.lex("/*!1*/ /*x*/ # y", SqlDialect.MYSQL);
    assertThat(t.executableComment(0)).isTrue();
    assertThat(t.commentOpenerLength(0)).isEqualTo(3);
    assertThat(t.commentOpenerLength(2)).isEqualTo(2);
    assertThat(t.commentOpenerLength(4)).isEqualTo(1);
  }

  @Test
  void postgresql() {
    assertThat(lex("SELECT $$a'b$$, $tag$ x $$ y $tag$, E'a\\'b', 'a\\', x::int, $1, U&'d\\0061'", SqlDialect.POSTGRESQL))
        .containsExactly("WORD:SELECT", "STRING:$$a'b$$", "PUNCTUATION:,", "STRING:$tag$ x $$ y $tag$",
            "PUNCTUATION:,", "STRING:E'a\\'b'", "PUNCTUATION:,", "STRING:'a\\'", "PUNCTUATION:,", "WORD:x",
            "OPERATOR:::", "WORD:int", "PUNCTUATION:,", "PARAMETER:$1", "PUNCTUATION:,", "STRING:U&'d\\0061'");
    assertThat(lex("/* a /* b */ c */ d", SqlDialect.POSTGRESQL)).containsExactly("COMMENT:/* a /* b */ c */", "WORD:d");
    assertThat(lex("/* a /* b */ c */ d", SqlDialect.ANSI)).containsExactly("COMMENT:/* a /* b */", "WORD:c",
        "OPERATOR:*", "OPERATOR:/", "WORD:d");
    assertThat(lex("$$ open", SqlDialect.POSTGRESQL)).containsExactly("STRING:$$ open(unterminated)");
  }

  @Test
  void h2() {
    assertThat(lex("$$a$$ \"id\" 'x''y'", SqlDialect.H2)).containsExactly("STRING:$$a$$", "QUOTED_IDENTIFIER:\"id\"", "STRING:'x''y'");
    assertThat(lex("\"open", SqlDialect.H2)).containsExactly("QUOTED_IDENTIFIER:\"open(unterminated)");
    assertThat(lex("/* open", SqlDialect.H2)).containsExactly("COMMENT:/* open(unterminated)");
  }

  @Test
  void fuzzNeverThrowsAndTokensAreContiguous() {
    Random r = new Random(42);
    String alphabet = "'\"`$#-/*!;:?()[],.\\ \n\tabcEXUu&019@";
    for (int round = 0; round < 20000; round++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(40);
      for (int i = 0; i < len; i++) {
        sb.append(r.nextInt(10) == 0 ? (char) r.nextInt(0x3000) : alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      for (SqlDialect d : SqlDialect.values()) {
        SqlTokens t = SqlLexer.lex(s, d);
        int pos = 0;
        for (int i = 0; i < t.size(); i++) {
          assertThat(t.start(i)).as("%s in %s", d, s).isEqualTo(pos);
          assertThat(t.end(i)).isGreaterThan(t.start(i));
          pos = t.end(i);
        }
        assertThat(pos).isEqualTo(s.length());
        new SqlInjectionDetector().detect(s, d, java.util.Arrays.asList(s.substring(0, len / 2), "'", "", null));
      }
    }
  }
}
